// SPDX-License-Identifier: GPL-2.0
/* synthetic: kmap() and kmap_atomic() nested in one function: both rules convert their own sites */
#include <linux/highmem.h>

static void copy_in(struct page *dst, struct page *src, size_t n)
{
	void *d = kmap_local_page(dst);
	void *s = kmap_local_page(src);

	memcpy(d, s, n);
	kunmap_local(s);
	kunmap_local(d);
}
