// SPDX-License-Identifier: GPL-2.0
/* synthetic: kmap() regions that are one copy out, one zeroing, or one copy between two pages */
#include <linux/highmem.h>

static void read_page(void *to, struct page *page)
{
	void *from = kmap(page);

	memcpy(to, from, PAGE_SIZE);
	kunmap(page);
}

static void zero_tail(struct page *page, unsigned int off)
{
	char *p = kmap(page);

	memset(p + off, 0, PAGE_SIZE - off);
	kunmap(page);
}

static void dup_page(struct page *dst, struct page *src)
{
	void *d, *s;

	d = kmap(dst);
	s = kmap(src);
	memcpy(d, s, PAGE_SIZE);
	kunmap(src);
	kunmap(dst);
}
