// SPDX-License-Identifier: GPL-2.0
/* synthetic: mappings stored in a struct, returned, or held in a global are reported */
#include <linux/highmem.h>

static void *last_map;

static void stash(struct ctx *c, struct page *page)
{
	c->vaddr = kmap_atomic(page);
}

static void *give(struct page *page)
{
	void *v = kmap_atomic(page);

	return v;
}

static void global(struct page *page)
{
	last_map = kmap_atomic(page);
	kunmap_atomic(last_map);
}
