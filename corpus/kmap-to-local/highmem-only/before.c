// SPDX-License-Identifier: GPL-2.0
/* synthetic: code under CONFIG_HIGHMEM converts; code counting pkmap slots does not */
#include <linux/highmem.h>

#ifdef CONFIG_HIGHMEM
static void save_highmem_page(struct page *page, void *buf)
{
	void *kaddr = kmap(page);

	copy_page(buf, kaddr);
	kunmap(page);
}
#endif

#ifdef CONFIG_HIGHMEM
static int pkmap_in_use(struct page *page)
{
	void *kaddr = kmap(page);
	int used = pkmap_count[PKMAP_NR((unsigned long)kaddr)];

	kunmap(page);
	return used;
}
#endif
