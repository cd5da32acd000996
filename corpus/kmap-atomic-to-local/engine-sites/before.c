// SPDX-License-Identifier: GPL-2.0
/* synthetic: sites the engine reports itself also carry the review verdict (here: api-as-value, and a
 * function split by #if/#else, read one branch at a time, whose map/unmap pair spans the blanked lines) */
#include <linux/highmem.h>

static void *(*mapper)(struct page *) = kmap_atomic;

static void split(struct page *page, int big)
{
	char *p = kmap_atomic(page);
#if BIG
	if (big) {
#else
	if (!big) {
#endif
		p[0] = 1;
	}
	kunmap_atomic(p);
}
