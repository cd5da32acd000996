// SPDX-License-Identifier: GPL-2.0
/* synthetic: two kmap()s released in mapping order, back to back: swapping the unmaps makes them LIFO */
#include <linux/highmem.h>

static void xor_pages(struct page *a, struct page *b)
{
	unsigned long *pa = kmap(a);
	unsigned long *pb = kmap(b);
	int i;

	for (i = 0; i < PAGE_SIZE / sizeof(long); i++)
		pa[i] ^= pb[i];
	kunmap(a);
	kunmap(b);
}
