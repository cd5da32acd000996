/* SPDX-License-Identifier: GPL-2.0 */
/* synthetic: an inline helper in a header is every includer's code: not rewritten by default */
#ifndef _FOO_DMA_H
#define _FOO_DMA_H
#include <linux/dma-mapping.h>

static inline dma_addr_t foo_map_sg(struct device *dev, struct scatterlist *sg)
{
	dma_addr_t h = dma_map_page(dev, sg_page(sg), sg->offset, sg->length, DMA_TO_DEVICE);

	if (dma_mapping_error(dev, h))
		return 0;
	dma_unmap_page(dev, h, sg->length, DMA_TO_DEVICE);
	return h;
}
#endif
