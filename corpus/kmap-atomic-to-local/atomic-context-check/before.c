// SPDX-License-Identifier: GPL-2.0
/* synthetic: the region picks GFP flags from in_atomic(), whose answer the conversion changes */
#include <linux/highmem.h>
#include <linux/slab.h>

static void *dup_header(struct page *page, size_t len)
{
	void *vaddr = kmap_atomic(page);
	void *copy = kmemdup(vaddr, len, in_atomic() ? GFP_ATOMIC : GFP_KERNEL);

	kunmap_atomic(vaddr);
	return copy;
}
