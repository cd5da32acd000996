// SPDX-License-Identifier: GPL-2.0
/* synthetic: modelled on drbd_bitmap.c: a map helper returns the address and an unmap helper takes it */
#include <linux/highmem.h>

static unsigned long *bm_map(struct page *page)
{
	return (unsigned long *)kmap_atomic(page);
}

static void bm_unmap(unsigned long *p_addr)
{
	kunmap_atomic(p_addr);
}

static int bm_count(struct page *page)
{
	unsigned long *p = bm_map(page);
	int n = bitmap_weight(p, BITS_PER_PAGE);

	bm_unmap(p);
	return n;
}
