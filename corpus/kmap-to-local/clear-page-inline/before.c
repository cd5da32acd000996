// SPDX-License-Identifier: GPL-2.0
/*
 * 6.12 drivers/gpu/drm/gma500/mmu.c psb_mmu_alloc_pd() (reduced), and
 * synthetic variants: clear_page(kmap(p)) + kunmap(p) is clear_highpage(p)
 * (kmap_local_page() + clear_page() + kunmap_local(), no flush, like the
 * original); a flush_dcache_page() after the unmap stays after it. A flush
 * between the clear and the unmap, or a clear from an offset, keeps the
 * plain local form.
 */
#include <linux/highmem.h>

struct psb_mmu_pd {
	struct page *dummy_page;
	u32 invalid_pde;
};

static void psb_mmu_alloc_pd(struct psb_mmu_pd *pd)
{
	pd->invalid_pde = 0;

	clear_page(kmap(pd->dummy_page));
	kunmap(pd->dummy_page);
}

static void scrub_and_flush(struct page *page)
{
	void *kaddr = kmap(page);

	clear_page(kaddr);
	kunmap(page);
	flush_dcache_page(page);
}

static void scrub_flush_inside(struct page *page)
{
	clear_page(kmap(page));
	flush_dcache_page(page);
	kunmap(page);
}

static void scrub_second_half(struct page *page)
{
	char *kaddr = kmap(page);

	clear_page(kaddr + PAGE_SIZE / 2);
	kunmap(page);
}
