// SPDX-License-Identifier: GPL-2.0
/* synthetic: each iteration maps, but only the last mapping is unmapped */
#include <linux/highmem.h>

static u32 last_word(struct page **pages, int n)
{
	u32 *v = NULL;
	int i;

	for (i = 0; i < n; i++)
		v = kmap_atomic(pages[i]);
	if (!v)
		return 0;
	i = v[0];
	kunmap_atomic(v);
	return i;
}
