// SPDX-License-Identifier: GPL-2.0
/* synthetic: code under CONFIG_HIGHMEM handling highmem pages itself */
#include <linux/highmem.h>

#ifdef CONFIG_HIGHMEM
static void save_highmem_page(struct page *page, void *buf)
{
	void *kaddr = kmap(page);

	copy_page(buf, kaddr);
	kunmap(page);
}
#endif
