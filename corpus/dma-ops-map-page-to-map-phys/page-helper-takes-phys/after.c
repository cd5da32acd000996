// SPDX-License-Identifier: GPL-2.0
/* synthetic: modelled on the sparc32 sbus IOMMU shape of reference §2.4: two
 * providers and an sg loop share a static helper taking (page, offset). The
 * helper takes the physical address too, as upstream converted it, instead
 * of the providers rebuilding a page with phys_to_page(phys). */
#include <linux/dma-map-ops.h>

static dma_addr_t __tlb_iommu_map_phys(struct device *dev, phys_addr_t paddr,
		size_t len, bool flush_each)
{
	struct tlb_iommu *iommu = dev->archdata.iommu;
	unsigned long off = paddr & ~PAGE_MASK;
	unsigned long npages = (off + len + PAGE_SIZE - 1) >> PAGE_SHIFT;
	unsigned int busa;

	if (!len || len > 256 * 1024)
		return DMA_MAPPING_ERROR;
	if (flush_each && !PhysHighMem(paddr)) {
		unsigned long vaddr = (unsigned long)phys_to_virt(paddr);

		tlb_flush_range(vaddr, len);
	}
	busa = tlb_iommu_fill(iommu, __phys_to_pfn(paddr), npages);
	return busa + off;
}

static dma_addr_t tlb_iommu_map_phys_gflush(struct device *dev,
		phys_addr_t phys, size_t len, enum dma_data_direction dir,
		unsigned long attrs)
{
	if (unlikely(attrs & DMA_ATTR_MMIO))
		return DMA_MAPPING_ERROR;

	tlb_flush_all();
	return __tlb_iommu_map_phys(dev, phys, len, false);
}

static dma_addr_t tlb_iommu_map_phys_pflush(struct device *dev,
		phys_addr_t phys, size_t len, enum dma_data_direction dir,
		unsigned long attrs)
{
	if (unlikely(attrs & DMA_ATTR_MMIO))
		return DMA_MAPPING_ERROR;

	return __tlb_iommu_map_phys(dev, phys, len, true);
}

static int tlb_iommu_map_sg(struct device *dev, struct scatterlist *sgl,
		int nents, enum dma_data_direction dir, unsigned long attrs)
{
	struct scatterlist *sg;
	int j;

	for_each_sg(sgl, sg, nents, j) {
		sg->dma_address = __tlb_iommu_map_phys(dev, sg_phys(sg),
				sg->length, true);
		if (sg->dma_address == DMA_MAPPING_ERROR)
			return -EIO;
		sg->dma_length = sg->length;
	}
	return nents;
}

static void tlb_iommu_unmap_phys(struct device *dev, dma_addr_t dma_addr,
		size_t len, enum dma_data_direction dir, unsigned long attrs)
{
	tlb_iommu_clear(dev->archdata.iommu, dma_addr, len);
}

static const struct dma_map_ops tlb_iommu_gflush_ops = {
	.map_phys	= tlb_iommu_map_phys_gflush,
	.unmap_phys	= tlb_iommu_unmap_phys,
	.map_sg		= tlb_iommu_map_sg,
};

static const struct dma_map_ops tlb_iommu_pflush_ops = {
	.map_phys	= tlb_iommu_map_phys_pflush,
	.unmap_phys	= tlb_iommu_unmap_phys,
	.map_sg		= tlb_iommu_map_sg,
};
