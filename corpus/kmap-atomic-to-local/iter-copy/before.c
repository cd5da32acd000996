/* Copying mapped pages into an iov_iter (modelled on a 6.1 network
 * filesystem's read path): the iterator may be user memory, so under
 * kmap_atomic() a fault ends the copy short instead of sleeping. The
 * conversion keeps page faults disabled around the copy. */
#include <linux/highmem.h>
#include <linux/uio.h>

struct demo_rdata {
	struct page **pages;
	unsigned int nr_pages;
	size_t got_bytes;
};

static int demo_rdata_to_iter(struct demo_rdata *rdata, struct iov_iter *iter)
{
	size_t remaining = rdata->got_bytes;
	unsigned int i;

	for (i = 0; i < rdata->nr_pages; i++) {
		struct page *page = rdata->pages[i];
		size_t copy = min_t(size_t, remaining, PAGE_SIZE);
		size_t written;

		if (unlikely(iov_iter_is_pipe(iter))) {
			void *addr = kmap_atomic(page);

			written = copy_to_iter(addr, copy, iter);
			kunmap_atomic(addr);
		} else
			written = copy_page_to_iter(page, 0, copy, iter);
		remaining -= written;
		if (written < copy && iov_iter_count(iter) > 0)
			break;
	}
	return remaining ? -EFAULT : 0;
}
