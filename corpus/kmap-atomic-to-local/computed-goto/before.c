// SPDX-License-Identifier: GPL-2.0
/* synthetic: a computed goto the flow analysis does not model */
#include <linux/highmem.h>

static u32 dispatch(struct page *page, void *target)
{
	u32 *v = kmap_atomic(page);
	u32 val = v[0];

	kunmap_atomic(v);
	goto *target;
	return val;
}
