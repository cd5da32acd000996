/* synthetic: a file handling P2PDMA pages: a page's address may be MMIO, so page-derived addresses are unknown */
#include <linux/pci-p2pdma.h>
#include <linux/dma-mapping.h>

static dma_addr_t map_p2p(struct device *dev, struct page *page, void *buf)
{
	if (is_pci_p2pdma_page(page))
		return dma_map_resource(dev, page_to_phys(page), PAGE_SIZE, DMA_TO_DEVICE, 0);
	/* the linear map is RAM whatever the file handles */
	return dma_map_resource(dev, virt_to_phys(buf), PAGE_SIZE, DMA_TO_DEVICE, 0);
}
