// SPDX-License-Identifier: GPL-2.0
/* synthetic: modelled on target_core_iblock: an error path returns with the page still mapped */
#include <linux/highmem.h>

static int check_pattern(struct page *page, unsigned int off, u8 want)
{
	u8 *buf = kmap(page) + off;

	if (buf[0] != want)
		return -EILSEQ;
	kunmap(page);
	return 0;
}
