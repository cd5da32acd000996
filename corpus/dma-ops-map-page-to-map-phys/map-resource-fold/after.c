// SPDX-License-Identifier: GPL-2.0
/* synthetic: modelled on the ARM IOMMU ops shape (6.12 arch/arm/mm/dma-mapping.c):
 * .map_page/.unmap_page plus .map_resource/.unmap_resource defined further down,
 * a kernel-doc header with @page/@offset, a cache-maintenance helper taking
 * (page, offset), and a page-aligned page_to_phys(page) handed to the IOMMU. */
#include <linux/dma-map-ops.h>
#include <linux/iommu.h>

static dma_addr_t vx_iommu_map_resource(struct device *dev,
		phys_addr_t phys_addr, size_t size,
		enum dma_data_direction dir, unsigned long attrs);

/**
 * vx_iommu_map_phys
 * @dev: valid struct device pointer
 * @phys: physical address of the buffer
 * @size: size of buffer to map
 * @dir: DMA transfer direction
 */
static dma_addr_t vx_iommu_map_phys(struct device *dev, phys_addr_t phys,
	     size_t size, enum dma_data_direction dir, unsigned long attrs)
{
	struct vx_mapping *mapping = to_vx_mapping(dev);
	dma_addr_t dma_addr;
	int ret, len = PAGE_ALIGN(size + offset_in_page(phys));

	if (attrs & DMA_ATTR_MMIO)
		return vx_iommu_map_resource(dev, phys, size, dir, attrs);

	if (!dev->dma_coherent && !(attrs & DMA_ATTR_SKIP_CPU_SYNC))
		vx_page_cpu_to_dev(phys_to_page(phys), offset_in_page(phys), size, dir);

	dma_addr = vx_alloc_iova(mapping, len);
	if (dma_addr == DMA_MAPPING_ERROR)
		return dma_addr;

	ret = iommu_map(mapping->domain, dma_addr, phys - offset_in_page(phys), len,
			vx_prot(dir, attrs), GFP_KERNEL);
	if (ret < 0) {
		vx_free_iova(mapping, dma_addr, len);
		return DMA_MAPPING_ERROR;
	}
	return dma_addr + offset_in_page(phys);
}

static void vx_iommu_unmap_resource(struct device *dev, dma_addr_t dma_handle,
		size_t size, enum dma_data_direction dir,
		unsigned long attrs);

/**
 * vx_iommu_unmap_phys
 * @dev: valid struct device pointer
 * @handle: DMA address of buffer
 */
static void vx_iommu_unmap_phys(struct device *dev, dma_addr_t handle,
		size_t size, enum dma_data_direction dir, unsigned long attrs)
{
	struct vx_mapping *mapping = to_vx_mapping(dev);
	dma_addr_t iova = handle & PAGE_MASK;

	if (attrs & DMA_ATTR_MMIO) {
		vx_iommu_unmap_resource(dev, handle, size, dir, attrs);
		return;
	}

	if (!iova)
		return;
	vx_unmap_iova(mapping, iova, PAGE_ALIGN(size + (handle & ~PAGE_MASK)));
}

static dma_addr_t vx_iommu_map_resource(struct device *dev,
		phys_addr_t phys_addr, size_t size,
		enum dma_data_direction dir, unsigned long attrs)
{
	struct vx_mapping *mapping = to_vx_mapping(dev);
	unsigned int offset = phys_addr & ~PAGE_MASK;
	size_t len = PAGE_ALIGN(size + offset);
	dma_addr_t dma_addr = vx_alloc_iova(mapping, len);

	if (dma_addr == DMA_MAPPING_ERROR)
		return dma_addr;
	if (iommu_map(mapping->domain, dma_addr, phys_addr & PAGE_MASK, len,
		      vx_prot(dir, attrs) | IOMMU_MMIO, GFP_KERNEL) < 0)
		return DMA_MAPPING_ERROR;
	return dma_addr + offset;
}

static void vx_iommu_unmap_resource(struct device *dev, dma_addr_t dma_handle,
		size_t size, enum dma_data_direction dir,
		unsigned long attrs)
{
	vx_unmap_iova(to_vx_mapping(dev), dma_handle & PAGE_MASK,
		      PAGE_ALIGN(size + (dma_handle & ~PAGE_MASK)));
}

static const struct dma_map_ops vx_iommu_ops = {
	.map_phys		= vx_iommu_map_phys,
	.unmap_phys		= vx_iommu_unmap_phys,
	.map_sg			= vx_iommu_map_sg,
	.unmap_sg		= vx_iommu_unmap_sg,
};
