// SPDX-License-Identifier: GPL-2.0
/* synthetic: attributes from a variable or expression get DMA_ATTR_MMIO or'ed in */
#include <linux/dma-mapping.h>

static void map_bar(struct device *dev, struct resource *res, unsigned long attrs,
		    bool weak, dma_addr_t *out)
{
	out[0] = dma_map_phys(dev, res->start, resource_size(res), DMA_TO_DEVICE,
			      attrs | DMA_ATTR_MMIO);
	out[1] = dma_map_phys(dev, res->start, resource_size(res), DMA_TO_DEVICE,
			      (weak ? DMA_ATTR_WEAK_ORDERING : 0) | DMA_ATTR_MMIO);
	out[2] = dma_map_phys(dev, res->start, 8, DMA_TO_DEVICE,
			      attrs | DMA_ATTR_NO_WARN | DMA_ATTR_MMIO);
	dma_unmap_phys(dev, out[0], resource_size(res), DMA_TO_DEVICE, attrs | DMA_ATTR_MMIO);
}
