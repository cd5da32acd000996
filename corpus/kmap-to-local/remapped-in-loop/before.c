// SPDX-License-Identifier: GPL-2.0
/* synthetic: the same page is mapped on every iteration but released once */
#include <linux/highmem.h>

static u32 peek_n(struct page *page, int n)
{
	u32 *v = NULL;
	int i;

	for (i = 0; i < n; i++)
		v = kmap(page);
	if (!v)
		return 0;
	i = v[0];
	kunmap(page);
	return i;
}
