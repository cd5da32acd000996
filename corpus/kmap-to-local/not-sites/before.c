// SPDX-License-Identifier: GPL-2.0
/*
 * synthetic: kmap() in a comment, a member called kmap, a call through an
 * ops pointer and a local variable named kmap are not sites.
 */
#include <linux/highmem.h>

struct mem_ops {
	void *(*kmap)(void *obj);
	void (*kunmap)(void *obj);
};

static void *obj_map(const struct mem_ops *ops, void *obj)
{
	const char *msg = "kmap() failed";
	int kmap = 0;

	if (!ops->kmap)
		return NULL;
	kmap++;
	pr_debug("%s %d\n", msg, kmap);
	return ops->kmap(obj);
}
