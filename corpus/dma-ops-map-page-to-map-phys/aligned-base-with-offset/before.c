// SPDX-License-Identifier: GPL-2.0
/* synthetic: the pattern behind both upstream conversion bugs (reference §1.9:
 * sparc's IOPTE base lost its alignment, alpha's offset went wrong). The
 * provider maps whole pages from the page-aligned page_to_phys(page) and adds
 * the offset to the bus address; it also uses page_to_pfn(page) and kmaps the
 * page. After conversion the base must still be aligned
 * (phys - offset_in_page(phys)), never plain phys, and the offset must be
 * offset_in_page(phys). */
#include <linux/dma-map-ops.h>
#include <linux/highmem.h>

static dma_addr_t win_map_page(struct device *dev, struct page *page,
			       unsigned long offset, size_t size,
			       enum dma_data_direction dir, unsigned long attrs)
{
	struct win_arena *arena = dev_to_arena(dev);
	long npages = win_num_pages(offset, size);
	long ofs;
	phys_addr_t base;
	void *vaddr;

	if (arena->needs_poison) {
		vaddr = kmap_local_page(page) + offset;
		memset(vaddr, 0, size);
		kunmap_local(vaddr);
	}

	ofs = win_alloc(arena, npages, page_to_pfn(page));
	if (ofs < 0)
		return DMA_MAPPING_ERROR;

	base = page_to_phys(page);
	for (long i = 0; i < npages; i++)
		arena->ptes[ofs + i] = win_mk_pte(base + i * PAGE_SIZE);

	return arena->dma_base + ofs * PAGE_SIZE + offset;
}

static void win_unmap_page(struct device *dev, dma_addr_t dma_addr,
			   size_t size, enum dma_data_direction dir,
			   unsigned long attrs)
{
	win_free(dev_to_arena(dev), dma_addr, size);
}

const struct dma_map_ops win_dma_ops = {
	.map_page	= win_map_page,
	.unmap_page	= win_unmap_page,
};
