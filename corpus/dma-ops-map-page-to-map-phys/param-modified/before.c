// SPDX-License-Identifier: GPL-2.0
/* synthetic: a provider that advances its page/offset parameters in the body:
 * they can no longer be expressed from phys, so the rule reports the exact line
 * for review and leaves the file unchanged. */
#include <linux/dma-map-ops.h>

static dma_addr_t skew_map_page(struct device *dev, struct page *page,
				unsigned long offset, size_t size,
				enum dma_data_direction dir, unsigned long attrs)
{
	if (offset >= PAGE_SIZE) {
		page += offset >> PAGE_SHIFT;
		offset &= ~PAGE_MASK;
	}
	return skew_map(dev, page_to_phys(page) + offset, size, dir);
}

static void skew_unmap_page(struct device *dev, dma_addr_t addr, size_t size,
			    enum dma_data_direction dir, unsigned long attrs)
{
	skew_unmap(dev, addr, size, dir);
}

static const struct dma_map_ops skew_dma_ops = {
	.map_page	= skew_map_page,
	.unmap_page	= skew_unmap_page,
};
