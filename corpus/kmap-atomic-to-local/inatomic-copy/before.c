// SPDX-License-Identifier: GPL-2.0
/* synthetic: modelled on a pwrite fast path that relies on disabled page faults */
#include <linux/highmem.h>
#include <linux/uaccess.h>

static int fast_pwrite(struct page *page, unsigned int off, const char *ubuf, int len)
{
	char *vaddr;
	unsigned long unwritten;

	vaddr = kmap_atomic(page);
	unwritten = __copy_from_user_inatomic(vaddr + off, ubuf, len);
	kunmap_atomic(vaddr);
	return unwritten ? -EFAULT : 0;
}
