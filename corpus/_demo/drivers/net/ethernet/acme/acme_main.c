// SPDX-License-Identifier: GPL-2.0
/* Demo: an imaginary NIC driver's buffer mapping. */
#include <linux/dma-mapping.h>
#include <linux/netdevice.h>
#include <linux/scatterlist.h>

struct acme_rx_buf {
	struct page *page;
	unsigned int offset;
	dma_addr_t dma;
};

static int acme_map_rx(struct acme_priv *priv, struct acme_rx_buf *buf)
{
	buf->dma = dma_map_page_attrs(priv->dev, buf->page, buf->offset,
				      priv->rx_buf_len, DMA_FROM_DEVICE,
				      DMA_ATTR_SKIP_CPU_SYNC);
	if (dma_mapping_error(priv->dev, buf->dma))
		return -ENOMEM;
	return 0;
}

static void acme_unmap_rx(struct acme_priv *priv, struct acme_rx_buf *buf)
{
	dma_unmap_page_attrs(priv->dev, buf->dma, priv->rx_buf_len,
			     DMA_FROM_DEVICE, DMA_ATTR_SKIP_CPU_SYNC);
}

static int acme_map_frag(struct acme_priv *priv, struct scatterlist *sg, dma_addr_t *out)
{
	/* dma_map_page() on a scatterlist entry: the sg_phys() idiom */
	*out = dma_map_page(priv->dev, sg_page(sg), sg->offset, sg->length, DMA_TO_DEVICE);
	return dma_mapping_error(priv->dev, *out) ? -ENOMEM : 0;
}

static void acme_unmap_frag(struct acme_priv *priv, dma_addr_t addr, struct scatterlist *sg)
{
	dma_unmap_page(priv->dev, addr, sg->length, DMA_TO_DEVICE);
}

static dma_addr_t acme_map_hdr(struct acme_priv *priv, void *hdr, size_t len)
{
	return dma_map_page(priv->dev, virt_to_page(hdr), offset_in_page(hdr), len, DMA_TO_DEVICE);
}

MODULE_LICENSE("GPL");
