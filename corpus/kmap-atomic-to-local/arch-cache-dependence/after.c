// SPDX-License-Identifier: GPL-2.0
/*
 * synthetic: arch code maintaining caches while a page is mapped. What
 * relies on kmap_atomic() keeping preemption off stays for review; what does
 * not converts, as upstream converted arch_uprobe_copy_ixol():
 * - flush_icache_range() and sync_icache_aliases() hold in preemptible
 *   context (module loading calls them there): converted;
 * - a maintenance call inside the code's own preempt_disable(): converted;
 * - inline D-cache instructions on the mapped address, here or in a helper
 *   of the file (the ARM copypage-* siblings): review, all of them.
 */
#include <linux/highmem.h>

void copy_ixol(struct page *page, unsigned long vaddr, void *src, unsigned long len)
{
	void *kaddr = kmap_local_page(page);
	void *dst = kaddr + (vaddr & ~PAGE_MASK);

	memcpy(dst, src, len);
	flush_icache_range((unsigned long)dst, (unsigned long)dst + len);
	kunmap_local(kaddr);
}

void copy_ixol_preempt_off(struct page *page, unsigned long vaddr, void *src, unsigned long len)
{
	void *kaddr = kmap_local_page(page);
	void *dst = kaddr + (vaddr & ~PAGE_MASK);

	preempt_disable();
	memcpy(dst, src, len);
	flush_uprobe_xol_access(page, vaddr, dst, len);
	preempt_enable();
	kunmap_local(kaddr);
}

static void copy_user_page_asm(void *kto, const void *kfrom)
{
	asm volatile("mcr	p15, 0, %0, c7, c10, 1	@ clean D line"
	: : "r" (kto) : "memory");
}

void wb_copy_user_highpage(struct page *to, struct page *from)
{
	void *kto, *kfrom;

	kto = kmap_atomic(to);
	kfrom = kmap_atomic(from);
	copy_user_page_asm(kto, kfrom);
	kunmap_atomic(kfrom);
	kunmap_atomic(kto);
}

void wb_clear_user_highpage(struct page *page)
{
	void *kaddr = kmap_atomic(page);

	asm volatile("mcr	p15, 0, %0, c7, c6, 1	@ invalidate D line"
	: : "r" (kaddr) : "memory");
	kunmap_atomic(kaddr);
}
