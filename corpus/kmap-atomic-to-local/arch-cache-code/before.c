// SPDX-License-Identifier: GPL-2.0
/* synthetic: modelled on arch/*/mm cache maintenance, which reference 3.5 says never to rewrite automatically */
#include <linux/highmem.h>

static void flush_cache_page_range(struct page *page)
{
	void *vaddr = kmap_atomic(page);

	__cpuc_flush_dcache_area(vaddr, PAGE_SIZE);
	kunmap_atomic(vaddr);
}
