/* synthetic: a PCI BAR address mapped for peer-to-peer DMA, with and without DMA_ATTR_MMIO */
#include <linux/pci.h>
#include <linux/dma-mapping.h>

static dma_addr_t map_bar_wrong(struct pci_dev *pdev, struct device *dma_dev, size_t len)
{
	phys_addr_t bar = pci_resource_start(pdev, 2);

	/* without DMA_ATTR_MMIO the DMA layer treats the BAR as RAM */
	return dma_map_phys(dma_dev, bar + 0x1000, len, DMA_TO_DEVICE, 0);
}

static dma_addr_t map_bar_end(struct pci_dev *pdev, struct device *dma_dev)
{
	return dma_map_phys(dma_dev, pci_resource_end(pdev, 0) - 0xfff, 0x1000, DMA_FROM_DEVICE, DMA_ATTR_SKIP_CPU_SYNC);
}

static dma_addr_t map_bar_right(struct pci_dev *pdev, struct device *dma_dev, size_t len)
{
	phys_addr_t bar = pci_resource_start(pdev, 2);

	return dma_map_phys(dma_dev, bar, len, DMA_TO_DEVICE, DMA_ATTR_MMIO);
}

static dma_addr_t map_bar_attrs(struct pci_dev *pdev, struct device *dma_dev, unsigned long attrs)
{
	/* attributes not known here: nothing is said */
	return dma_map_phys(dma_dev, pci_resource_start(pdev, 4), 64, DMA_TO_DEVICE, attrs);
}

static dma_addr_t map_bar_resource(struct pci_dev *pdev, struct device *dma_dev)
{
	struct resource *r = pci_resource_n(pdev, 0);

	return dma_map_resource(dma_dev, r->start, 64, DMA_TO_DEVICE, 0);
}
