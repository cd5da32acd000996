// SPDX-License-Identifier: GPL-2.0
/* synthetic: a kmap() under ?: cannot be followed; one used inline in an if's condition gets a local assigned above the if */
#include <linux/highmem.h>

static u8 peek(struct page *page, bool high)
{
	u8 *p = high ? kmap(page) : page_address(page);
	u8 v = p[0];

	if (high)
		kunmap(page);
	return v;
}

static u32 first_word(struct page *page)
{
	u32 v;
	void *kaddr;

	kaddr = kmap_local_page(page);
	if (*(u32 *)kaddr == 0)
		v = 0;
	else
		v = 1;
	kunmap_local(kaddr);
	return v;
}
