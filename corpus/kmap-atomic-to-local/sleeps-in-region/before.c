// SPDX-License-Identifier: GPL-2.0
/* synthetic: a sleeping allocation inside kmap_atomic() was already a bug; it is reported, not silently fixed */
#include <linux/highmem.h>
#include <linux/slab.h>

struct rec {
	u32 len;
	u8 data[];
};

static struct rec *load_rec(struct page *page)
{
	struct rec *r = kmap_atomic(page);
	struct rec *out;

	out = kmalloc(sizeof(*out) + r->len, GFP_KERNEL);
	if (out)
		memcpy(out, r, sizeof(*out) + r->len);
	kunmap_atomic(r);
	return out;
}
