// SPDX-License-Identifier: GPL-2.0
/* synthetic: modelled on cma_heap_allocate() and ntfs_bio_fill_1(): whole-page fills */
#include <linux/highmem.h>

static void clear_pages(struct page *page, int n)
{
	while (n-- > 0) {
		clear_highpage(page);
		page++;
	}
}

static void fill_ones(struct page *fill)
{
	memset_page(fill, 0, -1, PAGE_SIZE);
	flush_dcache_page(fill);
}
