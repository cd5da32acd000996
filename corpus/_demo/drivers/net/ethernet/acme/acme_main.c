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

static int acme_xmit_frag(struct acme_priv *priv, struct scatterlist *sg)
{
	/* dma_map_page() on a scatterlist entry: the sg_phys() idiom */
	dma_addr_t addr = dma_map_page(priv->dev, sg_page(sg), sg->offset,
				       sg->length, DMA_TO_DEVICE);

	if (dma_mapping_error(priv->dev, addr))
		return -ENOMEM;
	acme_post(priv, addr, sg->length);
	dma_unmap_page(priv->dev, addr, sg->length, DMA_TO_DEVICE);
	return 0;
}

struct acme_hdr {
	void *data;
	size_t len;
	dma_addr_t hdr_dma;
};

/* A kernel virtual address: the virt_to_phys() idiom, as upstream wrote it. */
static int acme_map_hdr(struct acme_priv *priv, struct acme_hdr *h)
{
	h->hdr_dma = dma_map_page(priv->dev, virt_to_page(h->data),
			      offset_in_page(h->data), h->len, DMA_TO_DEVICE);
	return dma_mapping_error(priv->dev, h->hdr_dma) ? -ENOMEM : 0;
}

static void acme_unmap_hdr(struct acme_priv *priv, struct acme_hdr *h)
{
	dma_unmap_page(priv->dev, h->hdr_dma, h->len, DMA_TO_DEVICE);
}

MODULE_LICENSE("GPL");
