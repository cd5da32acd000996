// SPDX-License-Identifier: GPL-2.0
/* synthetic: the mapped address is used inline and never unmapped through a variable */
#include <linux/highmem.h>

static u32 peek_inline(struct page *page)
{
	return *(u32 *)kmap_atomic(page);
}

static void drop(struct page *page)
{
	kmap_atomic(page);
}
