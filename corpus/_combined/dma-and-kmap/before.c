// SPDX-License-Identifier: GPL-2.0
/* synthetic: DMA mapping and kmap_atomic in one driver, all rules together */
#include <linux/dma-mapping.h>
#include <linux/highmem.h>

static int xfer(struct device *dev, struct page *page, unsigned int off, size_t len,
		void *bounce, phys_addr_t fifo)
{
	dma_addr_t src, dst;
	void *v;

	v = kmap_atomic(page);
	memcpy(bounce, v + off, len);
	kunmap_atomic(v);

	src = dma_map_page(dev, page, off, len, DMA_TO_DEVICE);
	if (dma_mapping_error(dev, src))
		return -ENOMEM;
	dst = dma_map_resource(dev, fifo, len, DMA_FROM_DEVICE, 0);
	if (dma_mapping_error(dev, dst)) {
		dma_unmap_page(dev, src, len, DMA_TO_DEVICE);
		return -ENOMEM;
	}
	start_xfer(dev, src, dst, len);
	dma_unmap_resource(dev, dst, len, DMA_FROM_DEVICE, 0);
	dma_unmap_page(dev, src, len, DMA_TO_DEVICE);
	return 0;
}
