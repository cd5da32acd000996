// SPDX-License-Identifier: GPL-2.0
/* synthetic: modelled on the sparc64 IOMMU provider shape (6.12 arch/sparc/kernel/iommu.c):
 * a virtual start address from page_address(page) + offset, and a page-aligned
 * base for the IOPTE loop that must stay aligned after the conversion. */
#include <linux/dma-map-ops.h>

#define XIO_PAGE_SHIFT	13
#define XIO_PAGE_SIZE	(1UL << XIO_PAGE_SHIFT)
#define XIO_PAGE_MASK	(~(XIO_PAGE_SIZE - 1))

static dma_addr_t xio_map_phys(struct device *dev, phys_addr_t phys,
			       size_t sz, enum dma_data_direction direction,
			       unsigned long attrs)
{
	struct xio_table *tbl = dev->archdata.iommu;
	unsigned long npages, oaddr, base_paddr, i;
	u64 *pte;

	if (unlikely(attrs & DMA_ATTR_MMIO))
		return DMA_MAPPING_ERROR;

	oaddr = (unsigned long)phys_to_virt(phys);
	npages = (ALIGN(oaddr + sz, XIO_PAGE_SIZE) - (oaddr & XIO_PAGE_MASK)) >> XIO_PAGE_SHIFT;

	pte = xio_alloc(tbl, npages);
	if (!pte)
		return DMA_MAPPING_ERROR;

	/* The table holds page-aligned addresses. */
	base_paddr = (phys - offset_in_page(phys)) & XIO_PAGE_MASK;
	for (i = 0; i < npages; i++, pte++, base_paddr += XIO_PAGE_SIZE)
		*pte = XIO_PTE_VALID | base_paddr;

	return xio_bus_base(tbl, pte) | (oaddr & ~XIO_PAGE_MASK);
}

static void xio_unmap_phys(struct device *dev, dma_addr_t bus_addr, size_t sz,
			   enum dma_data_direction direction, unsigned long attrs)
{
	xio_free(dev->archdata.iommu, bus_addr, sz);
}

static const struct dma_map_ops xio_dma_ops = {
	.map_phys	= xio_map_phys,
	.unmap_phys	= xio_unmap_phys,
};
