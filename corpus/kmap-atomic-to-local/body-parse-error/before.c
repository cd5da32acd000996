// SPDX-License-Identifier: GPL-2.0
/* synthetic: a statement tree-sitter cannot parse even after normalisation (a cast to typeof(*ptr) *)
 * makes the function's flow untrustworthy */
#include <linux/highmem.h>

static void zero_tail(struct page *page, unsigned int off, u32 *crcp)
{
	char *kaddr = kmap_atomic(page);

	memset(kaddr + off, 0, PAGE_SIZE - off);
	*crcp = *(typeof(*crcp) *)(kaddr + off - sizeof(*crcp));
	kunmap_atomic(kaddr);
}
