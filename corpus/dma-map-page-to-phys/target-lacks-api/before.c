// SPDX-License-Identifier: GPL-2.0
/* synthetic: rewriting for a 6.12 target: dma_map_phys() does not exist there */
#include <linux/dma-mapping.h>

static dma_addr_t old_map(struct device *dev, struct page *page)
{
	return dma_map_page(dev, page, 0, PAGE_SIZE, DMA_TO_DEVICE);
}
