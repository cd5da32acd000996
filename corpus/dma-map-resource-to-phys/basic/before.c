// SPDX-License-Identifier: GPL-2.0
/* synthetic: modelled on a DMA engine client mapping a peripheral FIFO register */
#include <linux/dma-mapping.h>

static int fifo_map(struct chan *c, phys_addr_t fifo, dma_addr_t *out)
{
	*out = dma_map_resource(c->dev, fifo, 4, DMA_BIDIRECTIONAL, 0);
	if (dma_mapping_error(c->dev, *out))
		return -ENOMEM;
	return 0;
}

static void fifo_unmap(struct chan *c, dma_addr_t addr)
{
	dma_unmap_resource(c->dev, addr, 4, DMA_BIDIRECTIONAL, 0);
}
