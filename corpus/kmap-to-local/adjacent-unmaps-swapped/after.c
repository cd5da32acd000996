// SPDX-License-Identifier: GPL-2.0
/* synthetic: two kmap()s released in mapping order, back to back: swapping the unmaps makes them LIFO */
#include <linux/highmem.h>

static void xor_pages(struct page *a, struct page *b)
{
	unsigned long *pa = kmap_local_page(a);
	unsigned long *pb = kmap_local_page(b);
	int i;

	for (i = 0; i < PAGE_SIZE / sizeof(long); i++)
		pa[i] ^= pb[i];
	kunmap_local(pb);
	kunmap_local(pa);
}
