// SPDX-License-Identifier: GPL-2.0
/* synthetic: modelled on drbd's page chains: one mapping per iteration, in an iterator macro loop */
#include <linux/highmem.h>

static u32 chain_sum(struct page *page)
{
	u32 sum = 0;

	page_chain_for_each(page) {
		u32 *data = kmap(page);

		sum += data[0];
		kunmap(page);
	}
	return sum;
}
