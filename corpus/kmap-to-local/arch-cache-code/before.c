// SPDX-License-Identifier: GPL-2.0
/* synthetic: modelled on arch cache maintenance, which reference 3.5 says never to rewrite automatically */
#include <linux/highmem.h>

static void flush_user_page(struct page *page)
{
	void *vaddr = kmap(page);

	__cpuc_flush_dcache_area(vaddr, PAGE_SIZE);
	kunmap(page);
}
