// SPDX-License-Identifier: GPL-2.0
/* synthetic: modelled on the x86 GART provider (6.12 arch/x86/kernel/amd_gart_64.c):
 * the local paddr = page_to_phys(page) + offset becomes the parameter, a
 * prototype and internal callers of the unmap function are renamed. */
#include <linux/dma-map-ops.h>

static void aperture_unmap_phys(struct device *dev, dma_addr_t dma_addr,
				size_t size, enum dma_data_direction dir,
				unsigned long attrs);

/* Map a single area into the aperture */
static dma_addr_t aperture_map_phys(struct device *dev, phys_addr_t paddr,
				    size_t size, enum dma_data_direction dir,
				    unsigned long attrs)
{
	unsigned long bus;

	if (unlikely(attrs & DMA_ATTR_MMIO))
		return DMA_MAPPING_ERROR;

	if (!aperture_needed(dev, paddr, size))
		return paddr;

	bus = aperture_map_area(dev, paddr, size, dir, 0);
	aperture_flush();

	return bus;
}

/*
 * Free a mapping made by aperture_map_phys().
 */
static void aperture_unmap_phys(struct device *dev, dma_addr_t dma_addr,
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
		aperture_unmap_phys(dev, s->dma_address, s->dma_length, dir, 0);
}

static void aperture_free_coherent(struct device *dev, size_t size, void *vaddr,
				   dma_addr_t dma_addr, unsigned long attrs)
{
	aperture_unmap_phys(dev, dma_addr, size, DMA_BIDIRECTIONAL, 0);
	dma_direct_free(dev, size, vaddr, dma_addr, attrs);
}

static const struct dma_map_ops aperture_dma_ops = {
	.map_sg				= aperture_map_sg,
	.unmap_sg			= aperture_unmap_sg,
	.map_phys			= aperture_map_phys,
	.unmap_phys			= aperture_unmap_phys,
	.free				= aperture_free_coherent,
};
