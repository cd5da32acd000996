// SPDX-License-Identifier: GPL-2.0
/* synthetic: the first mapping is released while the second is still in use; no swap of adjacent unmaps fixes it */
#include <linux/highmem.h>

static void move_tail(struct page *dst, struct page *src, unsigned int n)
{
	u8 *s = kmap_atomic(src);
	u8 *d = kmap_atomic(dst);

	memcpy(d, s, n);
	kunmap_atomic(s);
	d[n] = 0;
	kunmap_atomic(d);
}
