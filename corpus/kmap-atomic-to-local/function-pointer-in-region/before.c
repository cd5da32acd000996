// SPDX-License-Identifier: GPL-2.0
/* synthetic: modelled on libata-sff: the region calls through an ops pointer the tool cannot see */
#include <linux/highmem.h>

struct xfer_ops {
	unsigned int (*xfer)(void *buf, unsigned int len, bool write);
};

static unsigned int pio_xfer(const struct xfer_ops *ops, struct page *page, unsigned int off, unsigned int len, bool write)
{
	unsigned char *buf;
	unsigned int done;

	buf = kmap_atomic(page);
	done = ops->xfer(buf + off, len, write);
	kunmap_atomic(buf);
	return done;
}

typedef size_t (*copy_actor_t)(void *desc, void *to, size_t len);

static size_t copy_page_with(copy_actor_t copy_actor, void *desc, struct page *page, size_t len)
{
	char *kaddr = kmap_atomic(page);
	size_t ret;

	ret = copy_actor(desc, kaddr, len);
	kunmap_atomic(kaddr);
	return ret;
}

struct csum_ops {
	__wsum (*update)(const void *mem, int len, __wsum wsum);
};

static __wsum frag_csum(const struct csum_ops *ops, struct page *p, unsigned int off, int len)
{
	u8 *vaddr = kmap_atomic(p);
	__wsum csum;

	/* modelled on __skb_checksum(): INDIRECT_CALL_1() calls ops->update unless it is the named function */
	csum = INDIRECT_CALL_1(ops->update, csum_partial_ext, vaddr + off, len, 0);
	kunmap_atomic(vaddr);
	return csum;
}
