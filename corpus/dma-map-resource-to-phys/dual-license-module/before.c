// SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
/* synthetic: "Dual BSD/GPL" is GPL-compatible, so the rewrite goes ahead */
#include <linux/module.h>
#include <linux/dma-mapping.h>

static dma_addr_t dual_map(struct device *dev, phys_addr_t reg)
{
	return dma_map_resource(dev, reg, 4, DMA_TO_DEVICE, 0);
}

MODULE_LICENSE("Dual BSD/GPL");
