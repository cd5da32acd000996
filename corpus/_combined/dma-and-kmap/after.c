// SPDX-License-Identifier: GPL-2.0
/* synthetic: DMA mapping and kmap_atomic in one driver, all rules together */
#include <linux/dma-mapping.h>
#include <linux/highmem.h>

static int xfer(struct device *dev, struct page *page, unsigned int off, size_t len,
		void *bounce, phys_addr_t fifo)
{
	dma_addr_t src, dst;
	void *v;

	v = kmap_local_page(page);
	memcpy(bounce, v + off, len);
	kunmap_local(v);

	src = dma_map_phys(dev, page_to_phys(page) + off, len, DMA_TO_DEVICE, 0);
	if (dma_mapping_error(dev, src))
		return -ENOMEM;
	dst = dma_map_phys(dev, fifo, len, DMA_FROM_DEVICE, DMA_ATTR_MMIO);
	if (dma_mapping_error(dev, dst)) {
		dma_unmap_phys(dev, src, len, DMA_TO_DEVICE, 0);
		return -ENOMEM;
	}
	start_xfer(dev, src, dst, len);
	dma_unmap_phys(dev, dst, len, DMA_FROM_DEVICE, DMA_ATTR_MMIO);
	dma_unmap_phys(dev, src, len, DMA_TO_DEVICE, 0);
	return 0;
}
