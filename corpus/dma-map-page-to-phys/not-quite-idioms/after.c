// SPDX-License-Identifier: GPL-2.0
/* synthetic: pairs that look like the idioms but are not the same object, or have side effects */
#include <linux/dma-mapping.h>
#include <linux/scatterlist.h>

static void near_misses(struct device *dev, void *buf, void *other,
			struct scatterlist *sg, struct scatterlist *sg2,
			unsigned int extra, dma_addr_t *out)
{
	out[0] = dma_map_phys(dev, page_to_phys(virt_to_page(buf)) + offset_in_page(other), 64,
			      DMA_TO_DEVICE, 0);
	out[1] = dma_map_phys(dev, page_to_phys(sg_page(sg)) + sg2->offset, sg->length,
			      DMA_TO_DEVICE, 0);
	out[2] = dma_map_phys(dev, page_to_phys(sg_page(sg)) + sg->offset + extra, 64,
			      DMA_TO_DEVICE, 0);
	out[3] = dma_map_phys(dev, page_to_phys(virt_to_page(buf++)) + offset_in_page(buf++), 64,
			      DMA_TO_DEVICE, 0);
}
