// SPDX-License-Identifier: GPL-2.0
/* synthetic: a #define body built by token pasting does not parse as C: the call in it is reported, and the direct calls stay with it */
#include <linux/dma-mapping.h>

#define QUX_MAP(q, n, pg) q->n##_addr = dma_map_page((q)->dev, (pg), 0, PAGE_SIZE, DMA_TO_DEVICE) +

static void qux_map(struct qux *q, struct page *pg)
{
	QUX_MAP(q, rx, pg) 0;
}

static void qux_unmap(struct qux *q, dma_addr_t a)
{
	dma_unmap_page(q->dev, a, PAGE_SIZE, DMA_TO_DEVICE);
}
