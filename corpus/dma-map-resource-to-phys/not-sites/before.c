// SPDX-License-Identifier: GPL-2.0
/*
 * synthetic: dma_map_resource() named in a comment, a string, a prototype and
 * an ops member called through a pointer are not sites.
 */
#include <linux/dma-mapping.h>

dma_addr_t dma_map_resource(struct device *dev, phys_addr_t phys_addr, size_t size,
			    enum dma_data_direction dir, unsigned long attrs);

struct my_ops {
	dma_addr_t (*dma_map_resource)(struct device *dev, phys_addr_t p);
};

static dma_addr_t via_ops(struct my_ops *ops, struct device *dev, phys_addr_t p)
{
	dev_dbg(dev, "dma_map_resource %pa\n", &p);
	return ops->dma_map_resource(dev, p);
}
