// SPDX-License-Identifier: GPL-2.0
/* synthetic: a resource is MMIO by definition, so a P2PDMA-aware file still converts it */
#include <linux/dma-mapping.h>
#include <linux/pci-p2pdma.h>

static dma_addr_t bar_map(struct device *dev, struct pci_dev *peer, int bar)
{
	if (pci_p2pdma_distance(peer, dev, true) < 0)
		return DMA_MAPPING_ERROR;
	return dma_map_resource(dev, pci_resource_start(peer, bar), SZ_4K, DMA_TO_DEVICE, 0);
}
