// SPDX-License-Identifier: GPL-2.0
/* synthetic: an error path returns with the page still mapped (an existing leak) */
#include <linux/highmem.h>

static int check_magic(struct page *page, u32 magic)
{
	u32 *v = kmap_atomic(page);

	if (v[0] != magic)
		return -EINVAL;
	kunmap_atomic(v);
	return 0;
}
