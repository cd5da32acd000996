// SPDX-License-Identifier: GPL-2.0
/* synthetic: modelled on lib/iov_iter.c copy_page_from_iter_atomic(): the user copy hides in a helper of the file */
#include <linux/highmem.h>
#include <linux/uaccess.h>

static size_t copy_chunk(void *to, const void __user *from, size_t n)
{
	return n - __copy_from_user_inatomic(to, from, n);
}

static size_t fill_page_atomic(struct page *page, size_t offset, const void __user *from, size_t bytes)
{
	char *p;
	size_t n;

	p = kmap_atomic(page) + offset;
	n = copy_chunk(p, from, bytes);
	kunmap_atomic(p);
	return n;
}
