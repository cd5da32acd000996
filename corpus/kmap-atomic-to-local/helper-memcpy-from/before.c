// SPDX-License-Identifier: GPL-2.0
/* synthetic: modelled on orangefs_bufmap_page_fill(): a whole-page copy out of a mapped page */
#include <linux/highmem.h>

static void page_fill(void *page_to, struct page *from)
{
	void *page_from;

	page_from = kmap_atomic(from);
	memcpy(page_to, page_from, PAGE_SIZE);
	kunmap_atomic(page_from);
}

static void hdr_read(struct page *page, unsigned int off, struct hdr *out, size_t len)
{
	char *kaddr = kmap_atomic(page);

	memcpy(out, kaddr + off, min_t(size_t, len, PAGE_SIZE - off));
	kunmap_atomic(kaddr);
}
