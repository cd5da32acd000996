// SPDX-License-Identifier: GPL-2.0
/* synthetic: kmap() regions may sleep, and so may kmap_local_page() ones */
#include <linux/highmem.h>
#include <linux/mutex.h>

static DEFINE_MUTEX(table_lock);

static void table_update(struct page *page, u32 idx, u32 v)
{
	u32 *t = kmap_local_page(page);

	mutex_lock(&table_lock);
	t[idx] = v;
	mutex_unlock(&table_lock);
	kunmap_local(t);
}
