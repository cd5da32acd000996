// SPDX-License-Identifier: BSD-3-Clause
/* synthetic: a non-GPL module keeps dma_map_resource() (EXPORT_SYMBOL) */
#include <linux/module.h>
#include <linux/dma-mapping.h>

static dma_addr_t bsd_map(struct device *dev, phys_addr_t reg)
{
	return dma_map_resource(dev, reg, 4, DMA_TO_DEVICE, 0);
}

MODULE_LICENSE("BSD");
