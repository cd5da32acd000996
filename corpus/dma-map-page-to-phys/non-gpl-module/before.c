// SPDX-License-Identifier: BSD-2-Clause
/* synthetic: dma_map_phys() is EXPORT_SYMBOL_GPL, so a non-GPL module keeps the page API */
#include <linux/module.h>
#include <linux/dma-mapping.h>

static dma_addr_t vendor_map(struct device *dev, struct page *page)
{
	return dma_map_page(dev, page, 0, PAGE_SIZE, DMA_TO_DEVICE);
}

static void vendor_unmap(struct device *dev, dma_addr_t a)
{
	dma_unmap_page(dev, a, PAGE_SIZE, DMA_TO_DEVICE);
}

MODULE_LICENSE("Proprietary");
