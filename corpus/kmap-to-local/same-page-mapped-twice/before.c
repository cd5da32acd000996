// SPDX-License-Identifier: GPL-2.0
/*
 * synthetic (shrunk by the generative suite, seed 580246001): the same page
 * is kmap()ed twice and kunmap(page)ed twice. The inner unmap runs under
 * `if (v0)`, a mapped address plus an offset, which is never NULL: each
 * kunmap(p0) ends the latest live mapping of p0 on every path, so each
 * becomes kunmap_local() of that mapping's address (LIFO kept).
 */
#include <linux/highmem.h>

MODULE_LICENSE("GPL");

int fill_twice(struct page *p0, void *buf, size_t off, size_t len)
{
	void *v0, *v1;

	v1 = kmap(p0);
	memcpy(v1, buf, len);
	switch (off) {
	case 0:
		v0 = (u8 *)kmap(p0) + off;
		memcpy(v0, buf, len);
		if (v0)
			kunmap(p0);
		break;
	default:
		break;
	}
	kunmap(p0);
	return 0;
}
