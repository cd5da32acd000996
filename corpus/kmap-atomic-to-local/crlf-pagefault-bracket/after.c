// SPDX-License-Identifier: GPL-2.0
/* synthetic: CRLF line endings: inserted pagefault_disable()/pagefault_enable() lines keep them */
#include <linux/highmem.h>
#include <linux/uaccess.h>

static int fast_copy_in(struct page *page, unsigned int off, const char __user *ubuf, int len)
{
	char *vaddr;
	unsigned long left;

	vaddr = kmap_local_page(page);
	pagefault_disable();
	left = __copy_from_user_inatomic(vaddr + off, ubuf, len);
	pagefault_enable();
	kunmap_local(vaddr);
	return left ? -EFAULT : 0;
}
