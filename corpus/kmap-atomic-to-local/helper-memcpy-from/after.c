// SPDX-License-Identifier: GPL-2.0
/* synthetic: modelled on orangefs_bufmap_page_fill(): a whole-page copy out of a mapped page */
#include <linux/highmem.h>

static void page_fill(void *page_to, struct page *from)
{
	memcpy_from_page(page_to, from, 0, PAGE_SIZE);
}

static void hdr_read(struct page *page, unsigned int off, struct hdr *out, size_t len)
{
	memcpy_from_page((char *)out, page, off, min_t(size_t, len, PAGE_SIZE - off));
}
