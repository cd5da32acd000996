// SPDX-License-Identifier: GPL-2.0
/* synthetic: an inatomic user copy tested in an if condition cannot be bracketed by itself */
#include <linux/highmem.h>
#include <linux/uaccess.h>

static int fast_read(struct page *page, unsigned int off, char __user *ubuf, int len)
{
	char *vaddr;
	int ret = 0;

	vaddr = kmap_atomic(page);
	if (__copy_to_user_inatomic(ubuf, vaddr + off, len))
		ret = -EFAULT;
	kunmap_atomic(vaddr);
	return ret;
}
