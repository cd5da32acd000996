// SPDX-License-Identifier: GPL-2.0
/* synthetic: a call in a #define body that parses as an expression is rewritten with the direct calls */
#include <linux/dma-mapping.h>

#define QUX_MAP(q, pg) dma_map_phys((q)->dev, page_to_phys(pg), PAGE_SIZE, DMA_TO_DEVICE, 0)

static dma_addr_t qux_map(struct qux *q, struct page *pg)
{
	return QUX_MAP(q, pg);
}

static void qux_unmap(struct qux *q, dma_addr_t a)
{
	dma_unmap_phys(q->dev, a, PAGE_SIZE, DMA_TO_DEVICE, 0);
}
