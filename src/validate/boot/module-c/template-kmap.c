// SPDX-License-Identifier: GPL-2.0
/*
 * synthetic: dma-migrate boot test template with the kmap_atomic patterns of
 * corpus/kmap-atomic-to-local (nested-lifo, loop, memcpy-region). The boot
 * test builds what dma-migrate's rules make of it and fails when a site here
 * is not converted.
 */
#include <linux/highmem.h>
#include <linux/string.h>
#include "dmv.h"

/* nested-lifo: two mappings unmapped in reverse order */
void dmv_copy_pages(struct page *dst, struct page *src)
{
	void *vto = kmap_atomic(dst);
	void *vfrom = kmap_atomic(src);

	copy_page(vto, vfrom);
	kunmap_atomic(vfrom);
	kunmap_atomic(vto);
}

/* loop: a mapping per iteration */
u32 dmv_sum_pages(struct page **pages, int n)
{
	u32 sum = 0;
	int i;

	for (i = 0; i < n; i++) {
		u32 *v = kmap_atomic(pages[i]);

		sum += v[0];
		kunmap_atomic(v);
	}
	return sum;
}

/* memcpy-region: copy a block out of a page */
void dmv_blk_read(struct page *page, unsigned int off, void *dst, size_t len)
{
	char *kaddr;

	kaddr = kmap_atomic(page);
	memcpy(dst, kaddr + off, len);
	kunmap_atomic(kaddr);
}
