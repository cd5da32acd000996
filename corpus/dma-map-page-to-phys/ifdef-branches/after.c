// SPDX-License-Identifier: GPL-2.0
/* synthetic: calls in both #ifdef branches are converted */
#include <linux/dma-mapping.h>

static dma_addr_t cfg_map(struct device *dev, struct page *page, unsigned int off)
{
	dma_addr_t addr;

#ifdef CONFIG_CFG_BOUNCE
	addr = dma_map_phys(dev, page_to_phys(page) + off, 512, DMA_TO_DEVICE, 0);
#else
	addr = dma_map_phys(dev, page_to_phys(page) + off, 512, DMA_TO_DEVICE, DMA_ATTR_NO_WARN);
#endif
	return addr;
}
