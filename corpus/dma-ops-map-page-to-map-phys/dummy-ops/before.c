// SPDX-License-Identifier: GPL-2.0
/* synthetic: modelled on kernel/dma/dummy.c (6.12): ops that always fail, so
 * the converted map_phys needs no DMA_ATTR_MMIO check of its own. */
#include <linux/dma-map-ops.h>

static dma_addr_t nodma_map_page(struct device *dev, struct page *page,
		unsigned long offset, size_t size, enum dma_data_direction dir,
		unsigned long attrs)
{
	return DMA_MAPPING_ERROR;
}
static void nodma_unmap_page(struct device *dev, dma_addr_t dma_handle,
		size_t size, enum dma_data_direction dir, unsigned long attrs)
{
	/* nodma_map_page never succeeds, so this is never called. */
	WARN_ON_ONCE(true);
}

const struct dma_map_ops nodma_ops = {
	.map_page               = nodma_map_page,
	.unmap_page             = nodma_unmap_page,
};
