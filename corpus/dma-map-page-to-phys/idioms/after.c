// SPDX-License-Identifier: GPL-2.0
/* synthetic: the argument pairs reviewers expect to see simplified (reference section 5) */
#include <linux/dma-mapping.h>
#include <linux/scatterlist.h>
#include <linux/bvec.h>

static void idioms(struct device *dev, void *buf, struct scatterlist *sg,
		   struct bio_vec bv, struct bio_vec *bvp, phys_addr_t p,
		   unsigned long pfn, dma_addr_t *out)
{
	out[0] = dma_map_phys(dev, virt_to_phys(buf), 64, DMA_TO_DEVICE, 0);
	out[1] = dma_map_phys(dev, sg_phys(sg), sg->length, DMA_TO_DEVICE, 0);
	out[2] = dma_map_phys(dev, bvec_phys(&bv), bv.bv_len, DMA_TO_DEVICE, 0);
	out[3] = dma_map_phys(dev, bvec_phys(bvp), bvp->bv_len, DMA_TO_DEVICE, 0);
	out[4] = dma_map_phys(dev, p, 128, DMA_TO_DEVICE, 0);
	out[5] = dma_map_phys(dev, PFN_PHYS(pfn), PAGE_SIZE, DMA_TO_DEVICE, 0);
}
