// SPDX-License-Identifier: GPL-2.0
/* synthetic: kunmap() given the address (the cifs bug class): it takes the page */
#include <linux/highmem.h>

static void stamp(struct page *page, u32 v)
{
	u32 *p = kmap(page);

	p[0] = v;
	kunmap(p);
}
