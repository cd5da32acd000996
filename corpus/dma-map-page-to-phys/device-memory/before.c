// SPDX-License-Identifier: GPL-2.0
/* synthetic: a file that handles P2PDMA pages needs a human to decide DMA_ATTR_MMIO */
#include <linux/dma-mapping.h>
#include <linux/pci-p2pdma.h>

static dma_addr_t p2p_map(struct device *dev, struct page *page, size_t len)
{
	if (is_pci_p2pdma_page(page))
		return DMA_MAPPING_ERROR;
	return dma_map_page(dev, page, 0, len, DMA_TO_DEVICE);
}
