// SPDX-License-Identifier: GPL-2.0
/*
 * synthetic: modelled on kernel/power/snapshot.c: code under CONFIG_HIGHMEM
 * that copies highmem pages with the plain API converts like any other (upstream
 * converted copy_last_highmem_page()); code that touches the kmap
 * implementation's fixmap slots or pkmap pool does not.
 */
#include <linux/highmem.h>

#ifdef CONFIG_HIGHMEM
static void restore_highmem_page(struct page *dst, void *buf)
{
	void *kaddr = kmap_atomic(dst);

	copy_page(kaddr, buf);
	kunmap_atomic(kaddr);
}
#endif

#ifdef CONFIG_HIGHMEM
static void restore_lowmem_copy(void *dst, void *buf)
{
	copy_page(dst, buf);
}
#else
static void restore_page(struct page *dst, void *buf)
{
	void *kaddr = kmap_atomic(dst);

	copy_page(kaddr, buf);
	kunmap_atomic(kaddr);
}
#endif

#ifdef CONFIG_HIGHMEM
static void *map_slot(struct page *page)
{
	void *kaddr = kmap_atomic(page);
	int idx = kmap_atomic_idx();

	pr_debug("slot %d at %lx\n", idx, __fix_to_virt(FIX_KMAP_BEGIN + idx));
	kunmap_atomic(kaddr);
	return NULL;
}
#endif
