// SPDX-License-Identifier: GPL-2.0
/* synthetic: a 5.10 target has no kmap_local_page(): every site is left, with a verdict */
#include <linux/highmem.h>

static u32 peek(struct page *page)
{
	u32 *v = kmap_atomic(page);
	u32 val = v[0];

	kunmap_atomic(v);
	return val;
}
