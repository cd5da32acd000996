// SPDX-License-Identifier: GPL-2.0
/* synthetic, after ntb_transport's async copy: an offset provably offset_in_page(buf), and one that is not */
#include <linux/dma-mapping.h>
#include <linux/dmaengine.h>

static int xfer(struct dma_device *device, struct dmaengine_unmap_data *unmap,
		void *offset, size_t len)
{
	void *buf = unmap->priv;
	size_t pay_off, buff_off;

	pay_off = (size_t)offset & ~PAGE_MASK;
	buff_off = offset_in_page(buf);
	unmap->addr[0] = dma_map_phys(device->dev, virt_to_phys(offset),
				      len, DMA_TO_DEVICE, 0);
	unmap->addr[1] = dma_map_phys(device->dev, virt_to_phys(buf),
				      len, DMA_FROM_DEVICE, 0);
	unmap->addr[2] = dma_map_phys(device->dev, virt_to_phys(buf),
				      len, DMA_FROM_DEVICE, 0);
	return 0;
}

static int xfer_moved(struct dma_device *device, dma_addr_t *out, void *buf, size_t len)
{
	size_t off = (size_t)buf & ~PAGE_MASK;
	dma_addr_t h;

	off += 8;
	h = dma_map_page(device->dev, virt_to_page(buf), off, len, DMA_TO_DEVICE);
	dma_unmap_page(device->dev, h, len, DMA_TO_DEVICE);
	return 0;
}
