// SPDX-License-Identifier: GPL-2.0
/* Demo: a DMA-engine client mapping a peripheral FIFO register. */
#include <linux/dma-mapping.h>

static int fifo_prepare(struct fifo_chan *c, phys_addr_t fifo_reg, unsigned long attrs)
{
	c->fifo_dma = dma_map_resource(c->dev, fifo_reg, 4, DMA_BIDIRECTIONAL, 0);
	if (dma_mapping_error(c->dev, c->fifo_dma))
		return -ENOMEM;
	c->doorbell_dma = dma_map_resource(c->dev, c->doorbell, 4, DMA_TO_DEVICE, attrs);
	return dma_mapping_error(c->dev, c->doorbell_dma) ? -ENOMEM : 0;
}

static void fifo_release(struct fifo_chan *c, unsigned long attrs)
{
	dma_unmap_resource(c->dev, c->doorbell_dma, 4, DMA_TO_DEVICE, attrs);
	dma_unmap_resource(c->dev, c->fifo_dma, 4, DMA_BIDIRECTIONAL, 0);
}
