// SPDX-License-Identifier: GPL-2.0
/* synthetic: modelled on drivers/net/ethernet/sun/niu.c (6.12): a driver-private
 * ops struct with .map_page/.unmap_page members is not a struct dma_map_ops and
 * must be left alone, however much its fields look like the DMA callbacks. */
#include <linux/dma-mapping.h>

struct ring_ops {
	u64 (*map_page)(struct device *dev, struct page *page,
			unsigned long offset, size_t size,
			enum dma_data_direction direction);
	void (*unmap_page)(struct device *dev, u64 dma_address,
			   size_t size, enum dma_data_direction direction);
};

static u64 ring_pci_map_page(struct device *dev, struct page *page,
			     unsigned long offset, size_t size,
			     enum dma_data_direction direction)
{
	return dma_map_page(dev, page, offset, size, direction);
}

static void ring_pci_unmap_page(struct device *dev, u64 dma_address,
				size_t size, enum dma_data_direction direction)
{
	dma_unmap_page(dev, dma_address, size, direction);
}

static const struct ring_ops ring_pci_ops = {
	.map_page	= ring_pci_map_page,
	.unmap_page	= ring_pci_unmap_page,
};

static void ring_refill(struct ring *rp, struct page *page)
{
	rp->addr = rp->ops->map_page(rp->dev, page, 0, PAGE_SIZE, DMA_FROM_DEVICE);
}
