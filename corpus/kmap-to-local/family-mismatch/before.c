// SPDX-License-Identifier: GPL-2.0
/* synthetic: a kmap() address released with kunmap_local(), which takes only local mappings */
#include <linux/highmem.h>

static void poke(struct page *page)
{
	u8 *p = kmap(page);

	p[0] = 0;
	kunmap_local(p);
}
