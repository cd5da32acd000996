// SPDX-License-Identifier: GPL-2.0
/*
 * synthetic: dma-migrate boot test template for the dma_map_ops provider
 * rule, modelled on the IOMMU providers of 6.12 (arch/alpha/kernel/
 * pci_iommu.c, arch/x86/kernel/amd_gart_64.c): the IOMMU maps whole pages
 * from a page-aligned base, the handle is that base plus the offset. Here the
 * "IOMMU" is the identity, so the handle can drive the edu device directly.
 * The boot test builds what dma-migrate makes of this file and calls the
 * converted .map_phys/.unmap_phys from the harness.
 */
#include <linux/dma-map-ops.h>
#include <linux/mm.h>
#include "dmv.h"

static dma_addr_t dmv_iommu_map_pages(phys_addr_t base, size_t npages)
{
	/* a real IOMMU would fault on an unaligned base: refuse it */
	if (!PAGE_ALIGNED(base) || !npages)
		return DMA_MAPPING_ERROR;
	return base;
}

static void dmv_iommu_unmap_pages(dma_addr_t bus, size_t npages)
{
	WARN_ON(!PAGE_ALIGNED(bus) || !npages);
}

static dma_addr_t dmv_provider_map_page(struct device *dev, struct page *page,
					unsigned long offset, size_t size,
					enum dma_data_direction dir,
					unsigned long attrs)
{
	phys_addr_t base = page_to_phys(page);
	size_t npages = PAGE_ALIGN(offset + size) >> PAGE_SHIFT;
	dma_addr_t bus;

	bus = dmv_iommu_map_pages(base, npages);
	if (bus == DMA_MAPPING_ERROR)
		return bus;
	return bus + offset;
}

static void dmv_provider_unmap_page(struct device *dev, dma_addr_t dma_handle,
				    size_t size, enum dma_data_direction dir,
				    unsigned long attrs)
{
	dmv_iommu_unmap_pages(dma_handle & PAGE_MASK,
			      PAGE_ALIGN(offset_in_page(dma_handle) + size) >> PAGE_SHIFT);
}

const struct dma_map_ops dmv_provider_ops = {
	.map_page = dmv_provider_map_page,
	.unmap_page = dmv_provider_unmap_page,
};
