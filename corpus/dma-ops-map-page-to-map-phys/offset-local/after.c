// SPDX-License-Identifier: GPL-2.0
/* synthetic: modelled on the xen grant shape: the declarations compute two
 * values from the offset, so they keep reading it from a local
 * `offset = offset_in_page(phys)` (as upstream wrote it) rather than each
 * inlining offset_in_page(phys); the loop still rebuilds the page. */
#include <linux/dma-map-ops.h>

static dma_addr_t gnt_map_phys(struct device *dev, phys_addr_t phys,
			       size_t size, enum dma_data_direction dir,
			       unsigned long attrs)
{
	struct gnt_data *data;
	unsigned long offset = offset_in_page(phys);
	unsigned long sub_offset = GNT_OFFSET(offset),
			frame_offset = GNT_FRAME(offset);
	unsigned int i, n = GNT_FRAMES(sub_offset + size);
	unsigned int ref;

	if (unlikely(attrs & DMA_ATTR_MMIO))
		return DMA_MAPPING_ERROR;

	data = gnt_data_of(dev);
	if (!data || gnt_get_refs(n, &ref))
		return DMA_MAPPING_ERROR;
	for (i = 0; i < n; i++)
		gnt_grant(ref + i, data->domid, gnt_frame(phys_to_page(phys)) + i + frame_offset);
	return gnt_ref_to_dma(ref) + sub_offset;
}

static void gnt_unmap_phys(struct device *dev, dma_addr_t handle, size_t size,
			   enum dma_data_direction dir, unsigned long attrs)
{
	gnt_put_refs(gnt_dma_to_ref(handle), GNT_FRAMES(handle + size));
}

static const struct dma_map_ops gnt_ops = {
	.map_phys = gnt_map_phys,
	.unmap_phys = gnt_unmap_phys,
};
