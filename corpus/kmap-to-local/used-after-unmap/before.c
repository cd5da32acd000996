// SPDX-License-Identifier: GPL-2.0
/* synthetic: the address is used after kunmap() (an existing bug on HIGHMEM) */
#include <linux/highmem.h>

static u32 read_late(struct page *page)
{
	u32 *v = kmap(page);

	kunmap(page);
	return v[1];
}
