// SPDX-License-Identifier: GPL-2.0
/* synthetic: modelled on a pwrite fast path that relies on disabled page faults */
#include <linux/highmem.h>
#include <linux/uaccess.h>

static int fast_pwrite(struct page *page, unsigned int off, const char *ubuf, int len)
{
	char *vaddr;
	unsigned long unwritten;

	vaddr = kmap_local_page(page);
	pagefault_disable();
	unwritten = __copy_from_user_inatomic(vaddr + off, ubuf, len);
	pagefault_enable();
	kunmap_local(vaddr);
	return unwritten ? -EFAULT : 0;
}
