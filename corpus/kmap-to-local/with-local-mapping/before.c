// SPDX-License-Identifier: GPL-2.0
/* synthetic: a kmap() around an existing kmap_local_page(): once converted they share the LIFO stack, so the unmaps swap */
#include <linux/highmem.h>

static void merge(struct page *dst, struct page *src, size_t n)
{
	u8 *d = kmap(dst);
	u8 *s = kmap_local_page(src);

	memcpy(d, s, n);
	kunmap(dst);
	kunmap_local(s);
}
