// SPDX-License-Identifier: GPL-2.0
/* synthetic: modelled on the alpha and ps3 shapes of reference §2.4: a
 * byte-pointer cast that only served `page_address(page) + offset` goes
 * with the addition (the helper takes a void *), parentheses around the
 * folded call go, and the touched line loses its trailing blank. */
#include <linux/dma-map-ops.h>

static dma_addr_t win_map_virt(struct device *dev, void *cpu_addr, size_t size,
				int dac);

static dma_addr_t win_map_page(struct device *dev, struct page *page,
				unsigned long offset, size_t size,
				enum dma_data_direction dir,
				unsigned long attrs)
{
	int dac = win_dac_allowed(dev);

	return win_map_virt(dev, (char *)page_address(page) + offset, 
			    size, dac);
}

static dma_addr_t win_map_page_flat(struct device *dev, struct page *page,
				     unsigned long offset, size_t size,
				     enum dma_data_direction dir,
				     unsigned long attrs)
{
	unsigned long vaddr;
	u8 *bytes;

	vaddr = (unsigned long)(page_address(page) + offset);
	bytes = (u8 *)page_address(page) + offset;
	win_note(bytes, ((u8 *)page_address(page) + offset)[0]);
	return win_flat_base(dev) + vaddr;
}

static void win_unmap_page(struct device *dev, dma_addr_t addr, size_t size,
			   enum dma_data_direction dir, unsigned long attrs)
{
	win_unmap_virt(dev, addr, size);
}

static const struct dma_map_ops win_ops = {
	.map_page	= win_map_page,
	.unmap_page	= win_unmap_page,
};

static const struct dma_map_ops win_flat_ops = {
	.map_page	= win_map_page_flat,
	.unmap_page	= win_unmap_page,
};
