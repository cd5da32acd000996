// SPDX-License-Identifier: GPL-2.0
/* synthetic: attributes already naming DMA_ATTR_MMIO are not or'ed twice */
#include <linux/dma-mapping.h>

static dma_addr_t twice(struct device *dev, phys_addr_t p)
{
	return dma_map_resource(dev, p, 64, DMA_FROM_DEVICE, DMA_ATTR_MMIO);
}
