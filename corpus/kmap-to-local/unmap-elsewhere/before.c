// SPDX-License-Identifier: GPL-2.0
/* synthetic: mapped in one function, unmapped in another through the page */
#include <linux/highmem.h>

static u32 *map_table(struct page *page)
{
	u32 *t = kmap(page);

	t[0]++;
	return NULL;
}

static void unmap_table(struct page *page)
{
	kunmap(page);
}
