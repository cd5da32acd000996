// SPDX-License-Identifier: GPL-2.0
/* synthetic: kmap()'s result used inline (not by clear_page(), see clear-page-inline); a local is introduced for kunmap_local() */
#include <linux/highmem.h>

struct pd {
	struct page *dummy_page;
	u32 invalid;
};

static void pd_init(struct pd *pd, const void *pattern)
{
	int i;
	void *kaddr;

	pd->invalid = 0;
	kaddr = kmap_local_page(pd->dummy_page);
	copy_page(kaddr, pattern);
	kunmap_local(kaddr);
}

static void pd_scrub(struct page *page, const void *pattern)
{
	void *kaddr;

	kaddr = kmap_local_page(page);
	copy_page(kaddr, pattern);
	kunmap_local(kaddr);
}
