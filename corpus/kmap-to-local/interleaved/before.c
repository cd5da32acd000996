// SPDX-License-Identifier: GPL-2.0
/* synthetic: kmap() lifetimes that overlap without nesting were legal; kmap_local_page() needs LIFO (reference 3.6) */
#include <linux/highmem.h>

static void xfer(struct page *a, struct page *b, size_t n)
{
	u8 *pa = kmap(a);
	u8 *pb = kmap(b);

	memcpy(pb, pa, n);
	kunmap(a);
	pb[n] = 0;
	kunmap(b);
}
