// SPDX-License-Identifier: GPL-2.0
/* synthetic: a driver-local macro shadows the API name with another arity */
#include <linux/dma-mapping.h>

#undef dma_map_page
#define dma_map_page(d, p) my_map((d), (p))

static dma_addr_t local_map(struct device *dev, struct page *page)
{
	return dma_map_page(dev, page);
}
