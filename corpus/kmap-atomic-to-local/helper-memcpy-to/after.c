// SPDX-License-Identifier: GPL-2.0
/* synthetic: modelled on hfsplus_create_attributes_file(): copies into pages; one already flushes */
#include <linux/highmem.h>

static void node_init(struct page *page, const u8 *buf, size_t written, size_t node_size)
{
	memcpy_to_page(page, 0, buf + written, min_t(size_t, PAGE_SIZE, node_size - written));
}

static void tail_write(struct page *page, unsigned int off, const struct tail *t)
{
	memcpy_to_page(page, off, (const char *)t, PAGE_SIZE - off);
}
