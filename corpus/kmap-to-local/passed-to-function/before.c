// SPDX-License-Identifier: GPL-2.0
/* synthetic: the address handed to an unknown function (vboxsf_write-like) needs a human; a file-local helper that only reads it does not */
#include <linux/highmem.h>

int remote_write(void *buf, size_t len);

static int sum_bytes(const u8 *p, size_t len)
{
	int s = 0;

	while (len--)
		s += *p++;
	return s;
}

static int write_page(struct page *page, size_t len)
{
	void *buf = kmap(page);
	int err;

	err = remote_write(buf, len);
	kunmap(page);
	return err;
}

static int page_sum(struct page *page)
{
	u8 *p = kmap(page);
	int s = sum_bytes(p, PAGE_SIZE);

	kunmap(page);
	return s;
}
