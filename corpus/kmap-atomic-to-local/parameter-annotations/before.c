// SPDX-License-Identifier: GPL-2.0
/* synthetic: __user in the parameter list confuses tree-sitter, but the body is intact and is analysed */
#include <linux/highmem.h>

static u32 page_word(struct page *page, const char __user *hint, unsigned int idx)
{
	u32 *v = kmap_atomic(page);
	u32 val = v[idx];

	kunmap_atomic(v);
	return val;
}
