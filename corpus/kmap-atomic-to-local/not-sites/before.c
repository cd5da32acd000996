// SPDX-License-Identifier: GPL-2.0
/*
 * synthetic: kmap_atomic() in a comment, a string, a prototype, a struct
 * member called through a pointer, and a local variable are not sites.
 */
#include <linux/highmem.h>

void *kmap_atomic(struct page *page);

struct mapper {
	void *(*kmap_atomic)(struct page *page);
	void (*kunmap_atomic)(void *addr);
};

static void via_ops(struct mapper *ops, struct page *page)
{
	void *kunmap_atomic;
	void *v = ops->kmap_atomic(page);

	pr_info("kmap_atomic returned %p\n", v);
	kunmap_atomic = v;
	ops->kunmap_atomic(kunmap_atomic);
}
