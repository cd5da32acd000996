// SPDX-License-Identifier: GPL-2.0
/* synthetic: modelled on squashfs: one holder serves two regions; the fill region becomes memzero_page() */
#include <linux/highmem.h>

static int fill_page(struct page *page, const void *buf, int avail, bool fail)
{
	void *pageaddr;
	int copied;

	if (fail)
		goto out;
	pageaddr = kmap_atomic(page);
	copied = copy_data(pageaddr, buf, avail);
	memset(pageaddr + copied, 0, PAGE_SIZE - copied);
	kunmap_atomic(pageaddr);
	return 0;
out:
	pageaddr = kmap_atomic(page);
	memset(pageaddr, 0, PAGE_SIZE);
	kunmap_atomic(pageaddr);
	flush_dcache_page(page);
	return -EIO;
}
