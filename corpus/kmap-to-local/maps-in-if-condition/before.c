// kmap() calls used inline in an if's condition: the condition runs first,
// so each gets a local assigned just above the if, in map order. Under &&
// (whether it maps depends on n) or in an else-if (nothing can go before
// it) they stay for review.
#include <linux/highmem.h>
MODULE_LICENSE("GPL");
int pages_differ(struct page *a, struct page *b, int n)
{
	int ret = 0;

	if (memcmp(kmap(a), kmap(b), n))
		ret = -EIO;
	kunmap(b);
	kunmap(a);
	return ret;
}

int pages_differ_if(struct page *a, struct page *b, int n)
{
	int ret = 0;

	if (n && memcmp(kmap(a), kmap(b), n))
		ret = -EIO;
	kunmap(b);
	kunmap(a);
	return ret;
}

int page_is_zero(struct page *a, const void *zeroes, int n)
{
	int ret = 0;

	if (!n)
		ret = 1;
	else if (memcmp(kmap(a), zeroes, n))
		ret = -EIO;
	kunmap(a);
	return ret;
}
