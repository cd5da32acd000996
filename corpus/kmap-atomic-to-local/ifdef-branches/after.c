// SPDX-License-Identifier: GPL-2.0
/* synthetic: a function whose mapping and unmap sit in both #ifdef branches */
#include <linux/highmem.h>

static void clear_tail(struct page *page, unsigned int from)
{
#ifdef CONFIG_FAST_CLEAR
	char *k = kmap_local_page(page);

	memset(k + from, 0, PAGE_SIZE - from);
	kunmap_local(k);
#else
	char *k2 = kmap_local_page(page);

	fast_clear(k2 + from, PAGE_SIZE - from);
	kunmap_local(k2);
#endif
}
