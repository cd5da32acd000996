// SPDX-License-Identifier: GPL-2.0
/* synthetic: modelled on jfs/reiserfs: kmap()'s result is dropped and page_address() used instead */
#include <linux/highmem.h>

static void meta_fill(struct page *page, u8 v)
{
	kmap(page);
	memset(page_address(page), v, PAGE_SIZE);
	kunmap(page);
}
