// SPDX-License-Identifier: GPL-2.0
/* synthetic: a provider whose declarations allocate before any statement: the DMA_ATTR_MMIO
 * check cannot go after them without leaking, so the rule reports the line for review. */
#include <linux/dma-map-ops.h>

static dma_addr_t tbl_map_page(struct device *dev, struct page *page,
			       unsigned long offset, size_t size,
			       enum dma_data_direction dir,
			       unsigned long attrs)
{
	unsigned long npages = iommu_num_pages(offset, size, PAGE_SIZE);
	dma_addr_t bus = tbl_alloc(dev, npages);

	/* the table maps whole pages: the base is page-aligned */
	tbl_fill(dev, bus, page_to_phys(page), npages);
	return bus + offset;
}

static void tbl_unmap_page(struct device *dev, dma_addr_t addr, size_t size,
			   enum dma_data_direction dir, unsigned long attrs)
{
	tbl_free(dev, addr, size);
}

static const struct dma_map_ops tbl_dma_ops = {
	.map_page	= tbl_map_page,
	.unmap_page	= tbl_unmap_page,
};
