// SPDX-License-Identifier: GPL-2.0
/* synthetic: two mappings and one copy between them, unmapped in LIFO order: memcpy_page() */
#include <linux/highmem.h>

static void copy_tail(struct page *dst, struct page *src, unsigned int off)
{
	memcpy_page(dst, off, src, off, PAGE_SIZE - off);
}

static void copy_block(struct page *dst, struct page *src, unsigned int off)
{
	u8 *d = kmap_local_page(dst);
	u8 *s = kmap_local_page(src);

	memcpy(d + off, s + off, 512);
	kunmap_local(s);
	kunmap_local(d);
}
