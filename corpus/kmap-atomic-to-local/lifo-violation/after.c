// SPDX-License-Identifier: GPL-2.0
/* synthetic: unmaps in mapping order; kmap_local_page() needs reverse order */
#include <linux/highmem.h>

static void xor_pages(struct page *a, struct page *b)
{
	u64 *pa = kmap_local_page(a);
	u64 *pb = kmap_local_page(b);
	int i;

	for (i = 0; i < PAGE_SIZE / 8; i++)
		pa[i] ^= pb[i];
	kunmap_local(pb);
	kunmap_local(pa);
}
