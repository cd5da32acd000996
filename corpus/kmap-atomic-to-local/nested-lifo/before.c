// SPDX-License-Identifier: GPL-2.0
/* synthetic: two mappings unmapped in reverse order convert together */
#include <linux/highmem.h>

static void copy_pages(struct page *dst, struct page *src)
{
	void *vto = kmap_atomic(dst);
	void *vfrom = kmap_atomic(src);

	copy_page(vto, vfrom);
	kunmap_atomic(vfrom);
	kunmap_atomic(vto);
}
