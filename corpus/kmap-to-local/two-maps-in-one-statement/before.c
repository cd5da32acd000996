// Two kmap() calls inside one expression: each gets its own local, hoisted
// before the statement in the order they map, and unmapped in reverse
// (issue: two insertions at one point were an internal error).
#include <linux/highmem.h>
MODULE_LICENSE("GPL");
void copy(struct page *dst_page, int dst, struct page *src_page, int src, int len)
{
	memcpy(kmap(dst_page) + dst, kmap(src_page) + src, len);
	kunmap(src_page);
	kunmap(dst_page);
	set_page_dirty(dst_page);
}

/* The unmaps in map order: swapped to LIFO, with a note. */
void copy_swapped(struct page *dst_page, struct page *src_page, int len)
{
	int done = 0;

	memcpy(kmap(dst_page), kmap(src_page), len);
	kunmap(dst_page);
	kunmap(src_page);
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

	ret = add3(kmap(a), kmap(b), kmap(c));
	kunmap(c);
	kunmap(b);
	kunmap(a);
	return ret;
}
