// SPDX-License-Identifier: GPL-2.0
/* synthetic: map and unmap in different functions (the gma500 shape) */
#include <linux/highmem.h>

static void *begin(struct page *page)
{
	void *p;

	p = kmap_atomic(page);
	prefetch(p);
	return NULL;
}

static void end(void *addr)
{
	kunmap_atomic(addr);
}
