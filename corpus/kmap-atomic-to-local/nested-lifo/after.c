// SPDX-License-Identifier: GPL-2.0
/* synthetic: two mappings unmapped in reverse order convert together */
#include <linux/highmem.h>

static void copy_pages(struct page *dst, struct page *src)
{
	void *vto = kmap_local_page(dst);
	void *vfrom = kmap_local_page(src);

	copy_page(vto, vfrom);
	kunmap_local(vfrom);
	kunmap_local(vto);
}
