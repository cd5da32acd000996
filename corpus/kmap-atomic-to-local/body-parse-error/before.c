// SPDX-License-Identifier: GPL-2.0
/* synthetic: a statement tree-sitter cannot parse in the body makes the function's flow untrustworthy */
#include <linux/highmem.h>

static void zero_tail(struct page *page, unsigned int off)
{
	char *kaddr = kmap_atomic(page);

	memset(kaddr + off, 0, PAGE_SIZE - off);
	pr_debug(KERN_DEBUG PFX "zeroed %u\n" off);
	kunmap_atomic(kaddr);
}
