// SPDX-License-Identifier: GPL-2.0
/* synthetic: modelled on efi capsule-loader: kunmap() on the normal path and on a goto error path */
#include <linux/highmem.h>
#include <linux/uaccess.h>

static ssize_t block_write(struct page *page, const char __user *ubuf, size_t count)
{
	char *kbuff;
	ssize_t ret;

	kbuff = kmap(page);
	if (copy_from_user(kbuff, ubuf, count)) {
		ret = -EFAULT;
		goto fail_unmap;
	}
	if (kbuff[0] != 'C') {
		kunmap(page);
		return -EINVAL;
	}
	kunmap(page);
	return count;

fail_unmap:
	kunmap(page);
	return ret;
}
