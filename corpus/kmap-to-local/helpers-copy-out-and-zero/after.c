// SPDX-License-Identifier: GPL-2.0
/* synthetic: kmap() regions that are one copy out, one zeroing, or one copy between two pages */
#include <linux/highmem.h>

static void read_page(void *to, struct page *page)
{
	memcpy_from_page(to, page, 0, PAGE_SIZE);
}

static void zero_tail(struct page *page, unsigned int off)
{
	memzero_page(page, off, PAGE_SIZE - off);
}

static void dup_page(struct page *dst, struct page *src)
{
	memcpy_page(dst, 0, src, 0, PAGE_SIZE);
}
