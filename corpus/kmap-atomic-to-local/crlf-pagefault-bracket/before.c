// SPDX-License-Identifier: GPL-2.0
/* synthetic: CRLF line endings: inserted pagefault_disable()/pagefault_enable() lines keep them */
#include <linux/highmem.h>
#include <linux/uaccess.h>

static int fast_copy_in(struct page *page, unsigned int off, const char __user *ubuf, int len)
{
	char *vaddr;
	unsigned long left;

	vaddr = kmap_atomic(page);
	left = __copy_from_user_inatomic(vaddr + off, ubuf, len);
	kunmap_atomic(vaddr);
	return left ? -EFAULT : 0;
}
