// SPDX-License-Identifier: GPL-2.0
/* synthetic: a 6.17 target has no DMA_ATTR_MMIO */
#include <linux/dma-mapping.h>

static dma_addr_t old(struct device *dev, phys_addr_t reg)
{
	return dma_map_resource(dev, reg, 4, DMA_TO_DEVICE, 0);
}
