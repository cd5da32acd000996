// Two kmap() calls inside one expression: each gets its own local, hoisted
// before the statement in the order they map, and unmapped in reverse
// (issue: two insertions at one point were an internal error).
#include <linux/highmem.h>
MODULE_LICENSE("GPL");
void copy(struct page *dst_page, int dst, struct page *src_page, int src, int len)
{
	void *kaddr;
	void *vaddr;

	kaddr = kmap_local_page(dst_page);
	vaddr = kmap_local_page(src_page);
	memcpy(kaddr + dst, vaddr + src, len);
	kunmap_local(vaddr);
	kunmap_local(kaddr);
	set_page_dirty(dst_page);
}

/* The unmaps in map order: swapped to LIFO, with a note. */
void copy_swapped(struct page *dst_page, struct page *src_page, int len)
{
	int done = 0;
	void *kaddr;
	void *vaddr;

	kaddr = kmap_local_page(dst_page);
	vaddr = kmap_local_page(src_page);
	memcpy(kaddr, vaddr, len);
	kunmap_local(vaddr);
	kunmap_local(kaddr);
	done = 1;
}

/* Three in one call, after existing declarations. */
static int add3(const u8 *a, const u8 *b, const u8 *c)
{
	return a[0] + b[0] + c[0];
}

int sum3(struct page *a, struct page *b, struct page *c)
{
	int ret;
	void *kaddr;
	void *vaddr;
	void *addr;

	kaddr = kmap_local_page(a);
	vaddr = kmap_local_page(b);
	addr = kmap_local_page(c);
	ret = add3(kaddr, vaddr, addr);
	kunmap_local(addr);
	kunmap_local(vaddr);
	kunmap_local(kaddr);
	return ret;
}
