// SPDX-License-Identifier: GPL-2.0
/* synthetic: --policy upstream keeps the resource API (its uses doubled upstream, none moved) */
#include <linux/dma-mapping.h>

static int fifo_map(struct device *dev, phys_addr_t reg, dma_addr_t *out)
{
	dma_addr_t h = dma_map_resource(dev, reg, 4, DMA_TO_DEVICE, 0);

	if (dma_mapping_error(dev, h))
		return -ENOMEM;
	dma_unmap_resource(dev, h, 4, DMA_TO_DEVICE, 0);
	return 0;
}
