// SPDX-License-Identifier: GPL-2.0
/* synthetic: the API used as a value is reported, and then nothing in the file is converted */
#include <linux/dma-mapping.h>

typedef dma_addr_t (*map_fn)(struct device *, struct page *, size_t, size_t,
			     enum dma_data_direction, unsigned long);

static map_fn pick_mapper(void)
{
	return dma_map_page_attrs;
}

static void unmap_one(struct device *dev, dma_addr_t addr)
{
	dma_unmap_page_attrs(dev, addr, PAGE_SIZE, DMA_TO_DEVICE, 0);
}
