// SPDX-License-Identifier: GPL-2.0
/* synthetic: modelled on mtd_blkdevs/iblock: the only holder is the mapped address plus an offset */
#include <linux/highmem.h>

static void fill_at(struct page *page, unsigned int offset, u8 v, size_t n)
{
	u8 *buf = kmap(page) + offset;
	size_t i;

	for (i = 0; i < n; i++)
		buf[i] = v;
	kunmap(page);
}

static u8 byte_at(struct page *page, unsigned long pos)
{
	u8 *p = kmap(page) + offset_in_page(pos);
	u8 v = *p;

	kunmap(page);
	return v;
}
