// SPDX-License-Identifier: GPL-2.0
/* synthetic: a whole page mapped at offset 0 (the form spatch turned into "+ 0") */
#include <linux/dma-mapping.h>

static dma_addr_t bar_map_page(struct device *dev, struct page *page)
{
	return dma_map_phys(dev, page_to_phys(page), PAGE_SIZE,
			    DMA_BIDIRECTIONAL, 0);
}

static void bar_unmap_page(struct device *dev, dma_addr_t addr)
{
	dma_unmap_phys(dev, addr, PAGE_SIZE, DMA_BIDIRECTIONAL, 0);
}
