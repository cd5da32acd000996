// SPDX-License-Identifier: GPL-2.0
/* synthetic: modelled on cma_heap_allocate() and ntfs_bio_fill_1(): whole-page fills */
#include <linux/highmem.h>

static void clear_pages(struct page *page, int n)
{
	while (n-- > 0) {
		void *vaddr = kmap_atomic(page);

		memset(vaddr, 0, PAGE_SIZE);
		kunmap_atomic(vaddr);
		page++;
	}
}

static void fill_ones(struct page *fill)
{
	void *kaddr;

	kaddr = kmap_atomic(fill);
	memset(kaddr, -1, PAGE_SIZE);
	kunmap_atomic(kaddr);
	flush_dcache_page(fill);
}
