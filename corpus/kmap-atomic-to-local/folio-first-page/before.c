// SPDX-License-Identifier: GPL-2.0
/*
 * synthetic (squashfs_fill_page()-like): the code holds a folio and maps its
 * first page (&folio->page, folio_page(folio, 0)): kmap_local_folio(folio, 0)
 * is the same mapping. Another page of the folio, or a ->page member of
 * something that is not a folio, keeps kmap_local_page().
 */
#include <linux/highmem.h>

static int fill_first(struct folio *folio, const u8 *src, int avail)
{
	u8 *pageaddr;
	int copied;

	pageaddr = kmap_atomic(&folio->page);
	copied = copy_data(pageaddr, src, avail);
	memset(pageaddr + copied, 0, PAGE_SIZE - copied);
	kunmap_atomic(pageaddr);
	return copied;
}

static u32 sum_first(struct folio *folio)
{
	u32 *p = kmap_atomic(folio_page(folio, 0));
	u32 s = p[0] + p[1];

	kunmap_atomic(p);
	return s;
}

static u32 sum_nth(struct folio *folio, long i)
{
	u32 *p = kmap_atomic(folio_page(folio, i));
	u32 s = p[0] + p[1];

	kunmap_atomic(p);
	return s;
}

struct holder {
	struct page *page;
};

static u32 sum_holder(struct holder *h)
{
	u32 *p = kmap_atomic(h->page);
	u32 s = p[0];

	kunmap_atomic(p);
	return s;
}
