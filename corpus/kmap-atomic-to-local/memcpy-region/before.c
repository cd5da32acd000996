// SPDX-License-Identifier: GPL-2.0
/* synthetic: modelled on a filesystem copying a block out of a page */
#include <linux/highmem.h>

static void blk_read(struct page *page, unsigned int off, void *dst, size_t len)
{
	char *kaddr;

	kaddr = kmap_atomic(page);
	memcpy(dst, kaddr + off, len);
	kunmap_atomic(kaddr);
}
