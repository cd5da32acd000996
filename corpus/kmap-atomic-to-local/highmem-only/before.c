// SPDX-License-Identifier: GPL-2.0
/* synthetic: modelled on kernel/power/snapshot.c: code under CONFIG_HIGHMEM handles highmem pages itself; its #else branch is ordinary code and converts */
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
