// SPDX-License-Identifier: GPL-2.0
/* synthetic: modelled on the alpha and ps3 shapes of reference §2.4: a
 * byte-pointer cast that only served `page_address(page) + offset` goes
 * with the addition (the helper takes a void *), parentheses around the
 * folded call go, and the touched line loses its trailing blank. */
#include <linux/dma-map-ops.h>

static dma_addr_t win_map_virt(struct device *dev, void *cpu_addr, size_t size,
				int dac);

static dma_addr_t win_map_phys(struct device *dev, phys_addr_t phys,
				size_t size, enum dma_data_direction dir,
				unsigned long attrs)
{
	int dac = win_dac_allowed(dev);

	if (unlikely(attrs & DMA_ATTR_MMIO))
		return DMA_MAPPING_ERROR;

	return win_map_virt(dev, phys_to_virt(phys),
			    size, dac);
}

static dma_addr_t win_map_phys_flat(struct device *dev, phys_addr_t phys,
				     size_t size, enum dma_data_direction dir,
				     unsigned long attrs)
{
	unsigned long vaddr;
	u8 *bytes;

	if (unlikely(attrs & DMA_ATTR_MMIO))
		return DMA_MAPPING_ERROR;

	vaddr = (unsigned long)phys_to_virt(phys);
	bytes = phys_to_virt(phys);
	win_note(bytes, ((u8 *)phys_to_virt(phys))[0]);
	return win_flat_base(dev) + vaddr;
}

static void win_unmap_phys(struct device *dev, dma_addr_t addr, size_t size,
			   enum dma_data_direction dir, unsigned long attrs)
{
	win_unmap_virt(dev, addr, size);
}

static const struct dma_map_ops win_ops = {
	.map_phys	= win_map_phys,
	.unmap_phys	= win_unmap_phys,
};

static const struct dma_map_ops win_flat_ops = {
	.map_phys	= win_map_phys_flat,
	.unmap_phys	= win_unmap_phys,
};
