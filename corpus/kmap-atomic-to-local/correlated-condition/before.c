// SPDX-License-Identifier: GPL-2.0
/* synthetic: mapped only for highmem pages and unmapped under the same test; the analysis remembers the test */
#include <linux/highmem.h>

static u32 first_word(struct page *page, bool highmem)
{
	u32 *v;
	u32 val;

	if (highmem)
		v = kmap_atomic(page);
	else
		v = page_address(page);
	val = v[0];
	if (highmem)
		kunmap_atomic(v);
	return val;
}
