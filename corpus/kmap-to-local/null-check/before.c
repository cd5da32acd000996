// SPDX-License-Identifier: GPL-2.0
/* synthetic: modelled on romfs_read_folio(): a NULL check after kmap(), which never fails, is not a leaking path */
#include <linux/highmem.h>

static int read_folio_page(struct page *page, size_t fillsize)
{
	void *buf;

	buf = kmap(page);
	if (!buf)
		return -ENOMEM;
	if (fillsize < PAGE_SIZE)
		memset(buf + fillsize, 0, PAGE_SIZE - fillsize);
	flush_dcache_page(page);
	kunmap(page);
	return 0;
}
