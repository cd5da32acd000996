// SPDX-License-Identifier: GPL-2.0
/* synthetic: modelled on target_core_rd: whole-page fills and copies through kmap() become helpers */
#include <linux/highmem.h>

static void init_payload(struct page *pg, int init_payload)
{
	memset_page(pg, 0, init_payload, PAGE_SIZE);
}

static void load_page(struct page *pg, const void *src)
{
	memcpy_to_page(pg, 0, src, PAGE_SIZE);
}
