// SPDX-License-Identifier: GPL-2.0
/*
 * synthetic, after 6.12 arch/arm/mm/copypage-v6.c: a kmap_atomic() region
 * that is one clear_page() of the mapped address becomes clear_highpage().
 * An architecture's own clear_user_highpage() implementation keeps the
 * map + clear_page() + unmap form (the plain local conversion), as does a
 * clear_page() through a cast of another address.
 */
#include <linux/highmem.h>

static void zero_page_atomic(struct page *page)
{
	clear_highpage(page);
}

static void v6_clear_user_highpage_nonaliasing(struct page *page, unsigned long vaddr)
{
	void *kaddr = kmap_local_page(page);
	clear_page(kaddr);
	kunmap_local(kaddr);
}

static void zero_other(struct page *page, void *other)
{
	void *kaddr = kmap_local_page(page);

	clear_page(other);
	kunmap_local(kaddr);
}
