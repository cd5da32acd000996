// SPDX-License-Identifier: GPL-2.0
/* synthetic: a file with CRLF line endings keeps them */
#include <linux/dma-mapping.h>

static dma_addr_t crlf_map(struct device *dev, struct page *page, unsigned int off)
{
	return dma_map_page(dev, page, off, 64, DMA_TO_DEVICE);
}
