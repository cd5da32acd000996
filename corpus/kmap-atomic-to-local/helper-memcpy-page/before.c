// SPDX-License-Identifier: GPL-2.0
/* synthetic: two mappings and one copy between them, unmapped in LIFO order: memcpy_page() */
#include <linux/highmem.h>

static void copy_tail(struct page *dst, struct page *src, unsigned int off)
{
	u8 *d, *s;

	d = kmap_atomic(dst);
	s = kmap_atomic(src);
	memcpy(d + off, s + off, PAGE_SIZE - off);
	kunmap_atomic(s);
	kunmap_atomic(d);
}

static void copy_block(struct page *dst, struct page *src, unsigned int off)
{
	u8 *d = kmap_atomic(dst);
	u8 *s = kmap_atomic(src);

	memcpy(d + off, s + off, 512);
	kunmap_atomic(s);
	kunmap_atomic(d);
}
