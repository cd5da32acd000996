// SPDX-License-Identifier: GPL-2.0
/* synthetic: comments that still name kmap_atomic() after the conversion
 * (modelled on zsmalloc's object copy and kdb's page reader): the rewrite
 * converts the code and leaves the comments alone, with a note naming their
 * lines, so the verdict is auto-with-note. A comment that does not name the
 * API leaves the verdict auto. */
#include <linux/highmem.h>
#include <linux/string.h>

/*
 * demo_copy_obj - copy an object between two pages
 *
 * Both pages are mapped with kmap_atomic(), destination first.
 */
static void demo_copy_obj(struct page *dst, struct page *src, size_t len)
{
	void *d, *s;

	d = kmap_local_page(dst);
	s = kmap_local_page(src);
	memcpy(d, s, len);
	/* kunmap_atomic() calls must occur in reverse order of kmap_atomic(). */
	kunmap_local(s);
	kunmap_local(d);
}

/* Read one word of a page (the comment does not name the mapping call). */
static unsigned long demo_peek(struct page *page, unsigned int off)
{
	unsigned long *p = kmap_local_page(page);
	unsigned long v = p[off];

	kunmap_local(p);
	return v;
}
