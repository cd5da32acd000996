/* An event ring: the page to copy from is chosen by an index read through
 * another mapping (modelled on fs/aio.c's ring reader in 6.1). The page's
 * value is a read through that mapping, not the mapping's address. */
#include <linux/highmem.h>
#include <linux/uaccess.h>

struct demo_ring_hdr {
	unsigned int head;
	unsigned int tail;
};

struct demo_ring {
	struct page **pages;
	unsigned int nr;
};

static long demo_ring_read(struct demo_ring *r, void __user *buf, long len)
{
	struct demo_ring_hdr *hdr;
	struct page *page;
	unsigned int head;
	void *ev;
	long ret = 0;

	hdr = kmap_atomic(r->pages[0]);
	head = hdr->head;
	kunmap_atomic(hdr);

	page = r->pages[1 + head / 64];
	ev = kmap(page);
	if (copy_to_user(buf, ev + (head % 64) * 64, len))
		ret = -EFAULT;
	kunmap(page);

	return ret;
}
