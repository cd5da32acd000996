// SPDX-License-Identifier: GPL-2.0
/* synthetic: kunmap_atomic() given a pointer into the page; kunmap_local() accepts any address in it */
#include <linux/highmem.h>

static u32 csum_tail(struct page *page, unsigned int off)
{
	u8 *p = (u8 *)kmap_local_page(page) + off;
	u32 sum = p[0] + p[1];

	kunmap_local(p - off);
	return sum;
}

static void fill(struct page *page, unsigned int off, u8 v)
{
	u8 *base = kmap_local_page(page);

	base[off] = v;
	kunmap_local(base + off);
}
