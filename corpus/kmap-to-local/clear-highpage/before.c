// SPDX-License-Identifier: GPL-2.0
/*
 * synthetic (cma_heap_allocate()-like): a whole page zeroed through kmap()
 * becomes clear_highpage(), which maps, clear_page()s and unmaps without a
 * data-cache flush, like the original; with an explicit flush next to it,
 * memzero_page() absorbs the flush instead.
 */
#include <linux/highmem.h>

static void zero_pages(struct page **pages, int n)
{
	int i;

	for (i = 0; i < n; i++) {
		void *vaddr = kmap(pages[i]);

		memset(vaddr, 0, PAGE_SIZE);
		kunmap(pages[i]);
	}
}

static void zero_user_visible(struct page *page)
{
	void *vaddr = kmap(page);

	memset(vaddr, 0, PAGE_SIZE);
	flush_dcache_page(page);
	kunmap(page);
}
