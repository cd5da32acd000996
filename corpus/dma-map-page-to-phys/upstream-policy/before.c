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

	a = dma_map_page(dev, virt_to_page(buf), offset_in_page(buf), 64, DMA_TO_DEVICE);
	b = dma_map_page(dev, sg_page(sg), sg->offset, sg->length, DMA_TO_DEVICE);
	c = dma_map_page(dev, bv.bv_page, bv.bv_offset, bv.bv_len, DMA_TO_DEVICE);
	d = dma_map_page(dev, phys_to_page(p), offset_in_page(p), 128, DMA_TO_DEVICE);
	e = dma_map_page(dev, pfn_to_page(pfn), 0, PAGE_SIZE, DMA_TO_DEVICE);
	f = dma_map_page(dev, pfn_to_page(PHYS_PFN(p)), offset_in_page(p), 32, DMA_TO_DEVICE);
	g = dma_map_page(dev, page, off, 256, DMA_TO_DEVICE);
	dma_unmap_page(dev, a, 64, DMA_TO_DEVICE);
	dma_unmap_page(dev, b, sg->length, DMA_TO_DEVICE);
	dma_unmap_page(dev, c, bv.bv_len, DMA_TO_DEVICE);
	dma_unmap_page(dev, d, 128, DMA_TO_DEVICE);
	dma_unmap_page(dev, e, PAGE_SIZE, DMA_TO_DEVICE);
	dma_unmap_page(dev, f, 32, DMA_TO_DEVICE);
	dma_unmap_page(dev, g, 256, DMA_TO_DEVICE);
}
