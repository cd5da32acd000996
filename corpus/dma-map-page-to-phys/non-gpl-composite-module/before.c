// SPDX-License-Identifier: MIT
/* synthetic: this file has no MODULE_LICENSE; the Makefile links it with main.c, which declares "MIT" */
#include <linux/dma-mapping.h>

dma_addr_t vnd_map(struct device *dev, struct page *page)
{
	return dma_map_page(dev, page, 0, PAGE_SIZE, DMA_TO_DEVICE);
}
