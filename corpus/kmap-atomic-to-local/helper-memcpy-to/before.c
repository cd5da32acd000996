// SPDX-License-Identifier: GPL-2.0
/* synthetic: modelled on hfsplus_create_attributes_file(): copies into pages; one already flushes */
#include <linux/highmem.h>

static void node_init(struct page *page, const u8 *buf, size_t written, size_t node_size)
{
	void *kaddr;

	kaddr = kmap_atomic(page);
	memcpy(kaddr, buf + written,
		min_t(size_t, PAGE_SIZE, node_size - written));
	kunmap_atomic(kaddr);
}

static void tail_write(struct page *page, unsigned int off, const struct tail *t)
{
	char *kaddr = kmap_atomic(page);

	memcpy(kaddr + off, t, PAGE_SIZE - off);
	kunmap_atomic(kaddr);
	flush_dcache_page(page);
}
