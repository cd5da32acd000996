// SPDX-License-Identifier: GPL-2.0
/* synthetic: a handle from skb_frag_dma_map() keeps its page-API unmap, and the map sharing its field stays with it */
#include <linux/dma-mapping.h>
#include <linux/skbuff.h>

struct tx_buf {
	dma_addr_t dma;
	unsigned int len;
};

static void map_frag(struct device *dev, struct tx_buf *tx, const skb_frag_t *frag)
{
	tx->dma = skb_frag_dma_map(dev, frag, 0, skb_frag_size(frag), DMA_TO_DEVICE);
}

static void map_head(struct device *dev, struct tx_buf *tx, void *data)
{
	tx->dma = dma_map_page(dev, virt_to_page(data), offset_in_page(data), tx->len, DMA_TO_DEVICE);
}

static void unmap_one(struct device *dev, struct tx_buf *tx)
{
	dma_unmap_page(dev, tx->dma, tx->len, DMA_TO_DEVICE);
}

static void ring_map(struct device *dev, struct tx_buf *rx, void *data)
{
	dma_addr_t mapping;

	mapping = dma_map_phys(dev, virt_to_phys(data), rx->len, DMA_FROM_DEVICE, 0);
	dma_unmap_addr_set(rx, rx_dma, mapping);
}

static void ring_unmap(struct device *dev, struct tx_buf *rx)
{
	dma_unmap_phys(dev, dma_unmap_addr(rx, rx_dma), rx->len, DMA_FROM_DEVICE, 0);
}
