// SPDX-License-Identifier: GPL-2.0
/* synthetic: kmap_atomic_pfn() and kmap_atomic_prot() have their own local replacements */
#include <linux/highmem.h>

static void flush_pfn(unsigned long pfn)
{
	void *va = kmap_atomic_pfn(pfn);

	clean_dcache_area(va, PAGE_SIZE);
	kunmap_atomic(va);
}

static void wc_fill(struct page *page, pgprot_t prot)
{
	void *va = kmap_atomic_prot(page, prot);

	memset(va, 0, PAGE_SIZE);
	kunmap_atomic(va);
}
