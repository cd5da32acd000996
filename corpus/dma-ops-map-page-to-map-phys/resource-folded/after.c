// SPDX-License-Identifier: GPL-2.0
/* synthetic: modelled on the ARM iommu_ops shape of reference §2.4: the
 * resource callbacks are the page callbacks without the CPU cache
 * maintenance and with IOMMU_MMIO, so they fold into the phys callbacks as
 * upstream folded ARM's: the cache maintenance also skips DMA_ATTR_MMIO and
 * the protection gains IOMMU_MMIO for it. */
#include <linux/dma-map-ops.h>

static dma_addr_t vio_iommu_map_phys(struct device *dev, phys_addr_t phys,
	     size_t size, enum dma_data_direction dir, unsigned long attrs)
{
	struct vio_mapping *mapping = to_vio_mapping(dev);
	dma_addr_t dma_addr;
	int ret, prot, len = PAGE_ALIGN(size + offset_in_page(phys));

	if (!dev->dma_coherent &&
	    !(attrs & (DMA_ATTR_SKIP_CPU_SYNC | DMA_ATTR_MMIO)))
		arch_sync_dma_for_device(phys, size, dir);

	dma_addr = vio_alloc_iova(mapping, len);
	if (dma_addr == DMA_MAPPING_ERROR)
		return dma_addr;

	prot = vio_dir_to_prot(dir, attrs);
	if (attrs & DMA_ATTR_MMIO)
		prot |= IOMMU_MMIO;

	ret = vio_map(mapping, dma_addr, phys - offset_in_page(phys), len, prot);
	if (ret < 0)
		goto fail;

	return dma_addr + offset_in_page(phys);
fail:
	vio_free_iova(mapping, dma_addr, len);
	return DMA_MAPPING_ERROR;
}

static void vio_iommu_unmap_phys(struct device *dev, dma_addr_t handle,
		size_t size, enum dma_data_direction dir, unsigned long attrs)
{
	struct vio_mapping *mapping = to_vio_mapping(dev);
	dma_addr_t iova = handle & PAGE_MASK;
	int offset = handle & ~PAGE_MASK;
	int len = PAGE_ALIGN(size + offset);

	if (!iova)
		return;
	if (!dev->dma_coherent &&
	    !(attrs & (DMA_ATTR_SKIP_CPU_SYNC | DMA_ATTR_MMIO)))
		arch_sync_dma_for_cpu(vio_iova_to_phys(mapping, iova) + offset, size, dir);
	vio_unmap(mapping, iova, len);
	vio_free_iova(mapping, iova, len);
}

static const struct dma_map_ops vio_iommu_ops = {
	.map_phys		= vio_iommu_map_phys,
	.unmap_phys		= vio_iommu_unmap_phys,
};
