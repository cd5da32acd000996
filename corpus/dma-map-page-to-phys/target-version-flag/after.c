// SPDX-License-Identifier: GPL-2.0
/* synthetic: rewriting for a 6.18 target converts */
#include <linux/dma-mapping.h>

static dma_addr_t new_map(struct device *dev, struct page *page, unsigned int off)
{
	return dma_map_phys(dev, page_to_phys(page) + off, SZ_4K, DMA_TO_DEVICE, 0);
}
