// SPDX-License-Identifier: GPL-2.0
/* synthetic: the mapped address is read after kunmap_atomic() (an existing bug) */
#include <linux/highmem.h>

static u32 read_late(struct page *page)
{
	u32 *v = kmap_atomic(page);

	kunmap_atomic(v);
	return v[1];
}
