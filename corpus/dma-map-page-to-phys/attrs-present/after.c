// SPDX-License-Identifier: GPL-2.0
/* synthetic: the _attrs variants keep their attributes */
#include <linux/dma-mapping.h>

static dma_addr_t baz_map(struct device *dev, struct page *page, unsigned int off,
			  size_t len, enum dma_data_direction dir)
{
	return dma_map_phys(dev, page_to_phys(page) + off, len, dir,
			    DMA_ATTR_SKIP_CPU_SYNC | DMA_ATTR_WEAK_ORDERING);
}

static void baz_unmap(struct device *dev, dma_addr_t addr, size_t len,
		      enum dma_data_direction dir)
{
	dma_unmap_phys(dev, addr, len, dir, DMA_ATTR_SKIP_CPU_SYNC);
}
