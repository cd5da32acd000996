// Found by the generative suite: an unmap guarded by a test of the mapped
// address. kmap_atomic() never returns NULL, so the unmap always runs and
// the user copy after it needs no pagefault_disable(); the behaviour model
// used to follow the impossible NULL path and reject the conversion.
#include <linux/highmem.h>
#include <linux/uaccess.h>
MODULE_LICENSE("GPL");
int fill_and_copy(struct page *page, void __user *ubuf, void *buf, size_t len)
{
	void *v;
	int err = 0;

	v = kmap_local_page(page);
	memcpy(v, buf, len);
	if (v)
		kunmap_local(v);
	if (copy_to_user(ubuf, buf, len))
		err = -EFAULT;
	return err;
}
