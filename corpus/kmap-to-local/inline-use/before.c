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

	pd->invalid = 0;
	copy_page(kmap(pd->dummy_page), pattern);
	kunmap(pd->dummy_page);
}

static void pd_scrub(struct page *page, const void *pattern)
{
	copy_page(kmap(page), pattern);
	kunmap(page);
}
