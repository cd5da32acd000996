// SPDX-License-Identifier: GPL-2.0
/* synthetic: an #if/#else inside the call's arguments; the call is read one branch at a time, and a rewrite would replace the other branch's code, so it is left for review */
#include <linux/dma-mapping.h>

static dma_addr_t map_one(struct ring *r, struct page *pg)
{
	return dma_map_page(r->dev, pg,
#ifdef CONFIG_RING_OFFSET
			    r->off,
#else
			    0,
#endif
			    PAGE_SIZE, DMA_TO_DEVICE);
}
