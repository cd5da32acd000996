// SPDX-License-Identifier: GPL-2.0
/* synthetic: modelled on gma500 psb_mmu_alloc_pd(): kmap()'s result used inline; a local is introduced for kunmap_local() */
#include <linux/highmem.h>

struct pd {
	struct page *dummy_page;
	u32 invalid;
};

static void pd_init(struct pd *pd)
{
	int i;

	pd->invalid = 0;
	clear_page(kmap(pd->dummy_page));
	kunmap(pd->dummy_page);
}

static void pd_scrub(struct page *page)
{
	clear_page(kmap(page));
	kunmap(page);
}
