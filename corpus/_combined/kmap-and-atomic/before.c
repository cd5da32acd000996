// SPDX-License-Identifier: GPL-2.0
/* synthetic: kmap() and kmap_atomic() nested in one function: both rules convert their own sites */
#include <linux/highmem.h>

static void copy_in(struct page *dst, struct page *src, size_t n)
{
	void *d = kmap(dst);
	void *s = kmap_atomic(src);

	memcpy(d, s, n);
	kunmap_atomic(s);
	kunmap(dst);
}
