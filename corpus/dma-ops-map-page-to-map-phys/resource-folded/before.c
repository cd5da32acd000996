// SPDX-License-Identifier: GPL-2.0
/* synthetic: modelled on the ARM iommu_ops shape of reference §2.4: the
 * resource callbacks are the page callbacks without the CPU cache
 * maintenance and with IOMMU_MMIO, so they fold into the phys callbacks as
 * upstream folded ARM's: the cache maintenance also skips DMA_ATTR_MMIO and
 * the protection gains IOMMU_MMIO for it. */
#include <linux/dma-map-ops.h>

static dma_addr_t vio_iommu_map_page(struct device *dev, struct page *page,
	     unsigned long offset, size_t size, enum dma_data_direction dir,
	     unsigned long attrs)
{
	struct vio_mapping *mapping = to_vio_mapping(dev);
	dma_addr_t dma_addr;
	int ret, prot, len = PAGE_ALIGN(size + offset);

	if (!dev->dma_coherent && !(attrs & DMA_ATTR_SKIP_CPU_SYNC))
		arch_sync_dma_for_device(page_to_phys(page) + offset, size, dir);

	dma_addr = vio_alloc_iova(mapping, len);
	if (dma_addr == DMA_MAPPING_ERROR)
		return dma_addr;

	prot = vio_dir_to_prot(dir, attrs);

	ret = vio_map(mapping, dma_addr, page_to_phys(page), len, prot);
	if (ret < 0)
		goto fail;

	return dma_addr + offset;
fail:
	vio_free_iova(mapping, dma_addr, len);
	return DMA_MAPPING_ERROR;
}

static void vio_iommu_unmap_page(struct device *dev, dma_addr_t handle,
		size_t size, enum dma_data_direction dir, unsigned long attrs)
{
	struct vio_mapping *mapping = to_vio_mapping(dev);
	dma_addr_t iova = handle & PAGE_MASK;
	int offset = handle & ~PAGE_MASK;
	int len = PAGE_ALIGN(size + offset);

	if (!iova)
		return;
	if (!dev->dma_coherent && !(attrs & DMA_ATTR_SKIP_CPU_SYNC))
		arch_sync_dma_for_cpu(vio_iova_to_phys(mapping, iova) + offset, size, dir);
	vio_unmap(mapping, iova, len);
	vio_free_iova(mapping, iova, len);
}

/**
 * vio_iommu_map_resource - map a device resource for DMA
 * @dev: valid struct device pointer
 * @phys_addr: physical address of resource
 */
static dma_addr_t vio_iommu_map_resource(struct device *dev,
		phys_addr_t phys_addr, size_t size,
		enum dma_data_direction dir, unsigned long attrs)
{
	struct vio_mapping *mapping = to_vio_mapping(dev);
	dma_addr_t dma_addr;
	int ret, prot;
	phys_addr_t addr = phys_addr & PAGE_MASK;
	unsigned int offset = phys_addr & ~PAGE_MASK;
	size_t len = PAGE_ALIGN(size + offset);

	dma_addr = vio_alloc_iova(mapping, len);
	if (dma_addr == DMA_MAPPING_ERROR)
		return dma_addr;

	prot = vio_dir_to_prot(dir, attrs) | IOMMU_MMIO;

	ret = vio_map(mapping, dma_addr, addr, len, prot);
	if (ret < 0)
		goto fail;

	return dma_addr + offset;
fail:
	vio_free_iova(mapping, dma_addr, len);
	return DMA_MAPPING_ERROR;
}

/**
 * vio_iommu_unmap_resource - unmap a device DMA resource
 * @dev: valid struct device pointer
 */
static void vio_iommu_unmap_resource(struct device *dev, dma_addr_t dma_handle,
		size_t size, enum dma_data_direction dir,
		unsigned long attrs)
{
	struct vio_mapping *mapping = to_vio_mapping(dev);
	dma_addr_t iova = dma_handle & PAGE_MASK;
	unsigned int offset = dma_handle & ~PAGE_MASK;
	size_t len = PAGE_ALIGN(size + offset);

	if (!iova)
		return;
	vio_unmap(mapping, iova, len);
	vio_free_iova(mapping, iova, len);
}

static const struct dma_map_ops vio_iommu_ops = {
	.map_page		= vio_iommu_map_page,
	.unmap_page		= vio_iommu_unmap_page,
	.map_resource		= vio_iommu_map_resource,
	.unmap_resource		= vio_iommu_unmap_resource,
};
