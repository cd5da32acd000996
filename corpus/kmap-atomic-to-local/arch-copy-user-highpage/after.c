// SPDX-License-Identifier: GPL-2.0
/* synthetic: modelled on arch/mips/mm/init.c copy_user_highpage(): arch code that flushes caches while the pages are mapped */
#include <linux/highmem.h>

void copy_user_highpage(struct page *to, struct page *from, unsigned long vaddr)
{
	void *vfrom, *vto;

	vto = kmap_atomic(to);
	vfrom = kmap_atomic(from);
	copy_page(vto, vfrom);
	flush_data_cache_page((unsigned long)vto);
	kunmap_atomic(vfrom);
	kunmap_atomic(vto);
}

void clear_user_highpage(struct page *page, unsigned long vaddr)
{
	void *kaddr = kmap_local_page(page);

	clear_page(kaddr);
	kunmap_local(kaddr);
}
