// SPDX-License-Identifier: GPL-2.0
/* synthetic: the unmap sits in an #ifdef branch the map is not in */
#include <linux/highmem.h>

static void odd(struct page *page)
{
	char *k = kmap_atomic(page);

	k[0] = 1;
#ifdef CONFIG_ODD
	kunmap_atomic(k);
#endif
}
