// SPDX-License-Identifier: GPL-2.0
/* synthetic: what --policy upstream converts (the caller holds the address) and what it keeps */
#include <linux/dma-mapping.h>
#include <linux/scatterlist.h>
#include <linux/bvec.h>

static void idioms(struct device *dev, void *buf, struct scatterlist *sg,
		   struct bio_vec bv, phys_addr_t p, unsigned long pfn,
		   struct page *page, unsigned int off)
{
	dma_addr_t a, b, c, d, e, f, g;

	a = dma_map_phys(dev, virt_to_phys(buf), 64, DMA_TO_DEVICE, 0);
	b = dma_map_phys(dev, sg_phys(sg), sg->length, DMA_TO_DEVICE, 0);
	c = dma_map_phys(dev, bvec_phys(&bv), bv.bv_len, DMA_TO_DEVICE, 0);
	d = dma_map_phys(dev, p, 128, DMA_TO_DEVICE, 0);
	e = dma_map_phys(dev, PFN_PHYS(pfn), PAGE_SIZE, DMA_TO_DEVICE, 0);
	f = dma_map_phys(dev, p, 32, DMA_TO_DEVICE, 0);
	g = dma_map_page(dev, page, off, 256, DMA_TO_DEVICE);
	dma_unmap_phys(dev, a, 64, DMA_TO_DEVICE, 0);
	dma_unmap_phys(dev, b, sg->length, DMA_TO_DEVICE, 0);
	dma_unmap_phys(dev, c, bv.bv_len, DMA_TO_DEVICE, 0);
	dma_unmap_phys(dev, d, 128, DMA_TO_DEVICE, 0);
	dma_unmap_phys(dev, e, PAGE_SIZE, DMA_TO_DEVICE, 0);
	dma_unmap_phys(dev, f, 32, DMA_TO_DEVICE, 0);
	dma_unmap_page(dev, g, 256, DMA_TO_DEVICE);
}
