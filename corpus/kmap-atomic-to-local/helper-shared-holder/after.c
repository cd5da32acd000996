// SPDX-License-Identifier: GPL-2.0
/* synthetic: modelled on squashfs: one holder serves two regions; the fill region becomes memzero_page() */
#include <linux/highmem.h>

static int fill_page(struct page *page, const void *buf, int avail, bool fail)
{
	void *pageaddr;
	int copied;

	if (fail)
		goto out;
	pageaddr = kmap_local_page(page);
	copied = copy_data(pageaddr, buf, avail);
	memset(pageaddr + copied, 0, PAGE_SIZE - copied);
	kunmap_local(pageaddr);
	return 0;
out:
	memzero_page(page, 0, PAGE_SIZE);
	return -EIO;
}
