// SPDX-License-Identifier: GPL-2.0
/* synthetic: the x86 GART shape again, rewritten for a 6.18 target: 6.18 has dma_map_phys()
 * but not .map_phys in struct dma_map_ops, so every site is target-lacks-api, unchanged. */
#include <linux/dma-map-ops.h>

static void aperture_unmap_page(struct device *dev, dma_addr_t dma_addr,
				size_t size, enum dma_data_direction dir,
				unsigned long attrs);

/* Map a single area into the aperture */
static dma_addr_t aperture_map_page(struct device *dev, struct page *page,
				    unsigned long offset, size_t size,
				    enum dma_data_direction dir,
				    unsigned long attrs)
{
	unsigned long bus;
	phys_addr_t paddr = page_to_phys(page) + offset;

	if (!aperture_needed(dev, paddr, size))
		return paddr;

	bus = aperture_map_area(dev, paddr, size, dir, 0);
	aperture_flush();

	return bus;
}

/*
 * Free a mapping made by aperture_map_page().
 */
static void aperture_unmap_page(struct device *dev, dma_addr_t dma_addr,
				size_t size, enum dma_data_direction dir,
				unsigned long attrs)
{
	if (WARN_ON_ONCE(dma_addr == DMA_MAPPING_ERROR))
		return;
	aperture_free_area(dma_addr, size);
}

static void aperture_unmap_sg(struct device *dev, struct scatterlist *sg,
			      int nents, enum dma_data_direction dir,
			      unsigned long attrs)
{
	struct scatterlist *s;
	int i;

	for_each_sg(sg, s, nents, i)
		aperture_unmap_page(dev, s->dma_address, s->dma_length, dir, 0);
}

static void aperture_free_coherent(struct device *dev, size_t size, void *vaddr,
				   dma_addr_t dma_addr, unsigned long attrs)
{
	aperture_unmap_page(dev, dma_addr, size, DMA_BIDIRECTIONAL, 0);
	dma_direct_free(dev, size, vaddr, dma_addr, attrs);
}

static const struct dma_map_ops aperture_dma_ops = {
	.map_sg				= aperture_map_sg,
	.unmap_sg			= aperture_unmap_sg,
	.map_page			= aperture_map_page,
	.unmap_page			= aperture_unmap_page,
	.free				= aperture_free_coherent,
};
