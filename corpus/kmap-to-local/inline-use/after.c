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
	void *kaddr;

	pd->invalid = 0;
	kaddr = kmap_local_page(pd->dummy_page);
	clear_page(kaddr);
	kunmap_local(kaddr);
}

static void pd_scrub(struct page *page)
{
	void *kaddr;

	kaddr = kmap_local_page(page);
	clear_page(kaddr);
	kunmap_local(kaddr);
}
