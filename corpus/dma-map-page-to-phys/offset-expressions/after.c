// SPDX-License-Identifier: GPL-2.0
/* synthetic: offsets of other precedence: parentheses only where the grammar needs them */
#include <linux/dma-mapping.h>

static void offsets(struct device *dev, struct page *page, unsigned int i,
		    unsigned int frag, bool tail, dma_addr_t *out)
{
	out[0] = dma_map_phys(dev, page_to_phys(page) + i * 256, 256, DMA_TO_DEVICE, 0);
	out[1] = dma_map_phys(dev, page_to_phys(page) + frag + i * 64, 64, DMA_TO_DEVICE, 0);
	out[2] = dma_map_phys(dev, page_to_phys(page) + (tail ? 2048 : 0), 2048, DMA_TO_DEVICE, 0);
	out[3] = dma_map_phys(dev, page_to_phys(page), PAGE_SIZE, DMA_TO_DEVICE, 0);
	out[4] = dma_map_phys(dev, page_to_phys(page), PAGE_SIZE, DMA_TO_DEVICE, 0);
}
