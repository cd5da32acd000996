// SPDX-License-Identifier: GPL-2.0
/* synthetic: a kmap_local_page() address handed to kunmap_atomic(), which would also re-enable page faults */
#include <linux/highmem.h>

static u8 peek(struct page *page)
{
	u8 *p = kmap_local_page(page);
	u8 v = p[0];

	kunmap_atomic(p);
	return v;
}
