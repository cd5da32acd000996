// SPDX-License-Identifier: GPL-2.0
/* synthetic, after 6.1 fs/reiserfs/tail_conversion.c indirect2direct(): the address goes to an unknown callee inside ?: (the behaviour model found the rule missed it) */
#include <linux/highmem.h>
static int f(struct page *page, int pos)
{
	char *tail = (char *)kmap(page);

	tail = tail + (pos & (PAGE_SIZE - 1));
	if (insert_item(pos, tail ? tail : NULL) < 0) {
		kunmap(page);
		return 1;
	}
	kunmap(page);
	return 0;
}
