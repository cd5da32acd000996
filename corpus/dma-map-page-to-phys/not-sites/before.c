// SPDX-License-Identifier: GPL-2.0
/*
 * synthetic: occurrences that are not call sites: this comment mentions
 * dma_map_page() and dma_unmap_page(), a string does, a prototype declares
 * dma_map_page_attrs(), a struct has a dma_map_page member called through a
 * pointer, and a local variable shares a name.
 */
#include <linux/dma-mapping.h>

dma_addr_t dma_map_page_attrs(struct device *dev, struct page *page, size_t offset,
			      size_t size, enum dma_data_direction dir, unsigned long attrs);

struct hooks {
	dma_addr_t (*dma_map_page)(struct device *dev, struct page *page);
};

static dma_addr_t hooked(struct hooks *h, struct device *dev, struct page *page)
{
	int dma_unmap_page = 0;

	pr_debug("calling dma_map_page(%p)\n", page);
	dma_unmap_page++;
	return h->dma_map_page(dev, page);
}
