// SPDX-License-Identifier: GPL-2.0
/* synthetic: modelled on the swiotlb-xen and grant-dma-ops shapes (6.12 drivers/xen/):
 * the provider's local phys = page_to_phys(page) + offset, and map_sg/unmap_sg
 * loops that call the single-mapping callbacks with sg_page(sg), sg->offset. */
#include <linux/dma-map-ops.h>
#include <linux/scatterlist.h>

/*
 * The caller owns the buffer again after bounce_unmap_phys.
 */
static dma_addr_t bounce_map_phys(struct device *dev, phys_addr_t phys,
				  size_t size, enum dma_data_direction dir,
				  unsigned long attrs)
{
	phys_addr_t map;

	if (unlikely(attrs & DMA_ATTR_MMIO))
		return DMA_MAPPING_ERROR;

	if (bounce_capable(dev, phys, size))
		return phys_to_dma(dev, phys);

	map = bounce_tbl_map(dev, phys, size, dir, attrs);
	if (map == (phys_addr_t)DMA_MAPPING_ERROR)
		return DMA_MAPPING_ERROR;
	phys = map;
	return phys_to_dma(dev, phys);
}

static void bounce_unmap_phys(struct device *dev, dma_addr_t addr, size_t size,
			      enum dma_data_direction dir, unsigned long attrs)
{
	bounce_tbl_unmap(dev, dma_to_phys(dev, addr), size, dir, attrs);
}

static void bounce_unmap_sg(struct device *dev, struct scatterlist *sgl,
			    int nents, enum dma_data_direction dir,
			    unsigned long attrs)
{
	struct scatterlist *sg;
	int i;

	for_each_sg(sgl, sg, nents, i)
		bounce_unmap_phys(dev, sg->dma_address, sg_dma_len(sg), dir,
				  attrs);
}

static int bounce_map_sg(struct device *dev, struct scatterlist *sgl,
			 int nents, enum dma_data_direction dir,
			 unsigned long attrs)
{
	struct scatterlist *sg;
	int i;

	for_each_sg(sgl, sg, nents, i) {
		sg->dma_address = bounce_map_phys(dev, sg_phys(sg),
						  sg->length, dir, attrs);
		if (sg->dma_address == DMA_MAPPING_ERROR)
			goto out_unmap;
		sg_dma_len(sg) = sg->length;
	}
	return nents;
out_unmap:
	bounce_unmap_sg(dev, sgl, i, dir, attrs | DMA_ATTR_SKIP_CPU_SYNC);
	return -EIO;
}

const struct dma_map_ops bounce_dma_ops = {
	.map_sg = bounce_map_sg,
	.unmap_sg = bounce_unmap_sg,
	.map_phys = bounce_map_phys,
	.unmap_phys = bounce_unmap_phys,
};
