// SPDX-License-Identifier: GPL-2.0
/* synthetic: on a 5.11 target the memcpy_*_page() helpers do not exist yet (5.12): the plain local form */
#include <linux/highmem.h>

static void page_fill(void *page_to, struct page *from)
{
	void *page_from;

	page_from = kmap_local_page(from);
	memcpy(page_to, page_from, PAGE_SIZE);
	kunmap_local(page_from);
}
