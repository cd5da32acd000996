// SPDX-License-Identifier: GPL-2.0
/* Demo: an imaginary filesystem's page helpers. */
#include <linux/highmem.h>
#include <linux/uaccess.h>

static void blkfs_read_block(struct page *page, unsigned int off, void *dst, size_t len)
{
	char *kaddr = kmap_atomic(page);

	memcpy(dst, kaddr + off, len);
	kunmap_atomic(kaddr);
}

static void blkfs_copy_page(struct page *to, struct page *from)
{
	void *vto = kmap_atomic(to);
	void *vfrom = kmap_atomic(from);

	copy_page(vto, vfrom);
	kunmap_atomic(vfrom);
	kunmap_atomic(vto);
}

/* Relies on kmap_atomic() disabling page faults: left for review. */
static int blkfs_fast_write(struct page *page, unsigned int off, const char *ubuf, int len)
{
	char *kaddr = kmap_atomic(page);
	unsigned long left = __copy_from_user_inatomic(kaddr + off, ubuf, len);

	kunmap_atomic(kaddr);
	return left ? -EFAULT : 0;
}
