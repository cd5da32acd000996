// SPDX-License-Identifier: GPL-2.0
/* synthetic: the unmap sits in an #ifdef branch the map is not in */
#include <linux/highmem.h>

static void touch(struct page *page)
{
	u8 *p;

#ifdef CONFIG_FOO
	p = kmap(page);
	p[0] = 1;
#else
	kunmap(page);
#endif
}
