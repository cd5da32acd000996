// SPDX-License-Identifier: GPL-2.0
/* synthetic: an error path unmaps too; both unmaps convert with the map */
#include <linux/highmem.h>

static int parse_hdr(struct page *page, struct hdr *out)
{
	struct hdr *h;
	int ret = 0;

	h = kmap_atomic(page);
	if (h->magic != HDR_MAGIC) {
		ret = -EINVAL;
		goto out_unmap;
	}
	if (h->len > PAGE_SIZE) {
		kunmap_atomic(h);
		return -E2BIG;
	}
	*out = *h;
out_unmap:
	kunmap_atomic(h);
	return ret;
}
