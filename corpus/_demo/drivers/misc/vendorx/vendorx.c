// SPDX-License-Identifier: BSD-2-Clause
/* Demo: a non-GPL module keeps the page API, since dma_map_phys() is GPL-only. */
#include <linux/module.h>
#include <linux/dma-mapping.h>

static dma_addr_t vendorx_map(struct device *dev, struct page *page)
{
	return dma_map_page(dev, page, 0, PAGE_SIZE, DMA_TO_DEVICE);
}

static void vendorx_unmap(struct device *dev, dma_addr_t addr)
{
	dma_unmap_page(dev, addr, PAGE_SIZE, DMA_TO_DEVICE);
}

MODULE_LICENSE("Proprietary");
