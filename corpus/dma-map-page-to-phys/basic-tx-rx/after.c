// SPDX-License-Identifier: GPL-2.0
/* synthetic: modelled on the tx/rx buffer mapping of a PCI NIC driver */
#include <linux/dma-mapping.h>
#include <linux/netdevice.h>

static int foo_map_rx(struct foo_priv *priv, struct foo_rx_buf *buf)
{
	buf->dma = dma_map_phys(priv->dev,
				page_to_phys(buf->page) + buf->page_offset,
				priv->rx_buf_len, DMA_FROM_DEVICE, 0);
	if (dma_mapping_error(priv->dev, buf->dma))
		return -ENOMEM;
	return 0;
}

static void foo_unmap_rx(struct foo_priv *priv, struct foo_rx_buf *buf)
{
	dma_unmap_phys(priv->dev, buf->dma, priv->rx_buf_len,
		       DMA_FROM_DEVICE, 0);
	buf->dma = 0;
}

MODULE_LICENSE("GPL");
