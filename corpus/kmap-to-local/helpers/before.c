// SPDX-License-Identifier: GPL-2.0
/* synthetic: modelled on target_core_rd: whole-page fills and copies through kmap() become helpers */
#include <linux/highmem.h>

static void init_payload(struct page *pg, int init_payload)
{
	unsigned char *p;

	p = kmap(pg);
	memset(p, init_payload, PAGE_SIZE);
	kunmap(pg);
}

static void load_page(struct page *pg, const void *src)
{
	void *p = kmap(pg);

	memcpy(p, src, PAGE_SIZE);
	kunmap(pg);
}
