// SPDX-License-Identifier: GPL-2.0
/* synthetic: the page variable moves on before kunmap(page), which then names another page */
#include <linux/highmem.h>

static u32 walk(struct page *page)
{
	u32 *v = kmap(page);
	u32 sum = v[0];

	page = nth_page(page, 1);
	kunmap(page);
	return sum;
}
