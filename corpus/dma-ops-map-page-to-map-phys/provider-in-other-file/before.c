// SPDX-License-Identifier: GPL-2.0
/* synthetic: ops whose .map_page provider is defined in another file (declared
 * in a header, as powerpc's iommu helpers are): the rule cannot convert it here,
 * reports the field for review, and leaves the whole file unchanged. */
#include <linux/dma-map-ops.h>
#include "bus-iommu.h"	/* dma_addr_t busio_map_page(struct device *, struct page *, ...) */

static void busio_unmap_page(struct device *dev, dma_addr_t dma_handle,
			     size_t size, enum dma_data_direction dir,
			     unsigned long attrs)
{
	busio_free(dev, dma_handle, size);
}

static const struct dma_map_ops busio_dma_ops = {
	.map_page	= busio_map_page,
	.unmap_page	= busio_unmap_page,
};
