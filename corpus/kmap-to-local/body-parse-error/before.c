// SPDX-License-Identifier: GPL-2.0
/* synthetic: a statement tree-sitter cannot parse inside the body */
#include <linux/highmem.h>

static void mark(struct page *page)
{
	u8 *p = kmap(page);

	p[0] = 1;
	pr_debug(KERN_DEBUG PFX "marked\n" page);
	kunmap(page);
}
