// SPDX-License-Identifier: GPL-2.0
/* synthetic: the argument pairs reviewers expect to see simplified (reference section 5) */
#include <linux/dma-mapping.h>
#include <linux/scatterlist.h>
#include <linux/bvec.h>

static void idioms(struct device *dev, void *buf, struct scatterlist *sg,
		   struct bio_vec bv, struct bio_vec *bvp, phys_addr_t p,
		   unsigned long pfn, dma_addr_t *out)
{
	out[0] = dma_map_page(dev, virt_to_page(buf), offset_in_page(buf), 64, DMA_TO_DEVICE);
	out[1] = dma_map_page(dev, sg_page(sg), sg->offset, sg->length, DMA_TO_DEVICE);
	out[2] = dma_map_page(dev, bv.bv_page, bv.bv_offset, bv.bv_len, DMA_TO_DEVICE);
	out[3] = dma_map_page(dev, bvp->bv_page, bvp->bv_offset, bvp->bv_len, DMA_TO_DEVICE);
	out[4] = dma_map_page(dev, phys_to_page(p), offset_in_page(p), 128, DMA_TO_DEVICE);
	out[5] = dma_map_page(dev, pfn_to_page(pfn), 0, PAGE_SIZE, DMA_TO_DEVICE);
}
