// SPDX-License-Identifier: GPL-2.0
/* synthetic: a computed goto the flow analysis does not model */
#include <linux/highmem.h>

static void step(struct page *page, void *next)
{
	u8 *p = kmap(page);

	p[0]++;
	kunmap(page);
	goto *next;
}
