// SPDX-License-Identifier: GPL-2.0
/* synthetic: modelled on kernel/dma/dummy.c (6.12): ops that always fail, so
 * the converted map_phys needs no DMA_ATTR_MMIO check of its own. */
#include <linux/dma-map-ops.h>

static dma_addr_t nodma_map_phys(struct device *dev, phys_addr_t phys,
		size_t size, enum dma_data_direction dir, unsigned long attrs)
{
	return DMA_MAPPING_ERROR;
}
static void nodma_unmap_phys(struct device *dev, dma_addr_t dma_handle,
		size_t size, enum dma_data_direction dir, unsigned long attrs)
{
	/* nodma_map_phys never succeeds, so this is never called. */
	WARN_ON_ONCE(true);
}

const struct dma_map_ops nodma_ops = {
	.map_phys               = nodma_map_phys,
	.unmap_phys             = nodma_unmap_phys,
};
