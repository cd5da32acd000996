// SPDX-License-Identifier: GPL-2.0
/* synthetic: a statement tree-sitter cannot parse even after normalisation (a cast to typeof(*ptr) *) */
#include <linux/highmem.h>

static void mark(struct page *page)
{
	u8 *p = kmap(page);

	p[0] = 1;
	pr_debug("marked %u\n", ((typeof(*p) *)p)[0]);
	kunmap(page);
}
