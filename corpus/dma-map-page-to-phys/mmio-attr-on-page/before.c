// SPDX-License-Identifier: GPL-2.0
/* synthetic: dma_map_page_attrs() refuses DMA_ATTR_MMIO but dma_map_phys() honours it */
#include <linux/dma-mapping.h>

static dma_addr_t odd_map(struct device *dev, struct page *page)
{
	return dma_map_page_attrs(dev, page, 0, PAGE_SIZE, DMA_TO_DEVICE, DMA_ATTR_MMIO);
}
