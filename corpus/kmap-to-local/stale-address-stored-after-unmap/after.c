// Found by the generative suite: the mapped address is stored after its
// unmap. That is a stale pointer with kmap() as with kmap_local_page(), not
// a live mapping leaving the thread; the behaviour model used to call it an
// escape of the local mapping and reject the conversion.
#include <linux/highmem.h>
MODULE_LICENSE("GPL");
struct state {
	void *buf;
};
void fill(struct state *s, struct page *page, void *buf, size_t len)
{
	void *v;

	v = kmap_local_page(page);
	memcpy(v, buf, len);
	kunmap_local(v);
	s->buf = v;
}
