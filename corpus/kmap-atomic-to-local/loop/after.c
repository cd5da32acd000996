// SPDX-License-Identifier: GPL-2.0
/* synthetic: a mapping per iteration */
#include <linux/highmem.h>

static u32 sum_pages(struct page **pages, int n)
{
	u32 sum = 0;
	int i;

	for (i = 0; i < n; i++) {
		u32 *v = kmap_local_page(pages[i]);

		sum += v[0];
		kunmap_local(v);
	}
	return sum;
}
