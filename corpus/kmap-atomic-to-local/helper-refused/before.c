// SPDX-License-Identifier: GPL-2.0
/* synthetic: one-copy regions the helpers do not fit: a u32 holder scales the offset, a struct offset is unbounded */
#include <linux/highmem.h>

static void put_words(struct page *page, unsigned int idx, const u32 *src)
{
	u32 *v = kmap_atomic(page);

	memcpy(v + idx, src, 4 * sizeof(u32));
	kunmap_atomic(v);
}

static void get_rec(struct page *page, struct rec *out)
{
	char *kaddr = kmap_atomic(page);

	memcpy(out, kaddr + out->off, sizeof(*out));
	kunmap_atomic(kaddr);
}
