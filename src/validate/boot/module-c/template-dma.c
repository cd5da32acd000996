// SPDX-License-Identifier: GPL-2.0
/*
 * synthetic: dma-migrate boot test template with the mapping patterns of
 * corpus/dma-map-page-to-phys and corpus/dma-map-resource-to-phys. The boot
 * test never builds this file as it is: it builds what dma-migrate's rules
 * make of it, and fails when a site here is not converted.
 */
#include <linux/dma-mapping.h>
#include <linux/scatterlist.h>
#include <linux/bvec.h>
#include <linux/mm.h>
#include "dmv.h"

/* basic-tx-rx: a page at an in-page offset */
int dmv_map_basic(struct device *dev, struct page *page, unsigned int off,
		  size_t len, enum dma_data_direction dir, dma_addr_t *out)
{
	*out = dma_map_page(dev, page, off, len, dir);
	if (dma_mapping_error(dev, *out))
		return -ENOMEM;
	return 0;
}

void dmv_unmap_basic(struct device *dev, dma_addr_t addr, size_t len,
		     enum dma_data_direction dir)
{
	dma_unmap_page(dev, addr, len, dir);
}

/* attrs-present: the _attrs variants keep their attributes */
int dmv_map_attrs(struct device *dev, struct page *page, unsigned int off,
		  size_t len, enum dma_data_direction dir, dma_addr_t *out)
{
	*out = dma_map_page_attrs(dev, page, off, len, dir,
				  DMA_ATTR_SKIP_CPU_SYNC | DMA_ATTR_WEAK_ORDERING);
	if (dma_mapping_error(dev, *out))
		return -ENOMEM;
	return 0;
}

void dmv_unmap_attrs(struct device *dev, dma_addr_t addr, size_t len,
		     enum dma_data_direction dir)
{
	dma_unmap_page_attrs(dev, addr, len, dir, DMA_ATTR_SKIP_CPU_SYNC);
}

/* offset-expressions: an offset of lower precedence than + */
int dmv_map_expr(struct device *dev, struct page *page, unsigned int off,
		 size_t len, enum dma_data_direction dir, dma_addr_t *out)
{
	unsigned int line = off & ~63u, rest = off & 63u;

	*out = dma_map_page(dev, page, line + rest, len, dir);
	if (dma_mapping_error(dev, *out))
		return -ENOMEM;
	return 0;
}

/* idioms: sg_page(sg), sg->offset */
int dmv_map_sg(struct device *dev, struct page *page, unsigned int off,
	       size_t len, enum dma_data_direction dir, dma_addr_t *out)
{
	struct scatterlist tbl, *sg = &tbl;

	sg_init_table(sg, 1);
	sg_set_page(sg, page, len, off);
	*out = dma_map_page(dev, sg_page(sg), sg->offset, sg->length, dir);
	if (dma_mapping_error(dev, *out))
		return -ENOMEM;
	return 0;
}

/* idioms: bv.bv_page, bv.bv_offset */
int dmv_map_bvec(struct device *dev, struct page *page, unsigned int off,
		 size_t len, enum dma_data_direction dir, dma_addr_t *out)
{
	struct bio_vec bv;

	bvec_set_page(&bv, page, len, off);
	*out = dma_map_page(dev, bv.bv_page, bv.bv_offset, bv.bv_len, dir);
	if (dma_mapping_error(dev, *out))
		return -ENOMEM;
	return 0;
}

/* idioms: virt_to_page(buf), offset_in_page(buf) on a linear-map address */
int dmv_map_virt(struct device *dev, struct page *page, unsigned int off,
		 size_t len, enum dma_data_direction dir, dma_addr_t *out)
{
	void *buf = page_address(page) + off;

	*out = dma_map_page(dev, virt_to_page(buf), offset_in_page(buf), len, dir);
	if (dma_mapping_error(dev, *out))
		return -ENOMEM;
	return 0;
}

/* idioms: pfn_to_page(pfn) at offset 0 */
int dmv_map_pfn(struct device *dev, struct page *page, unsigned int off,
		size_t len, enum dma_data_direction dir, dma_addr_t *out)
{
	unsigned long pfn = page_to_pfn(page);

	if (off)
		return -EINVAL;
	*out = dma_map_page(dev, pfn_to_page(pfn), 0, len, dir);
	if (dma_mapping_error(dev, *out))
		return -ENOMEM;
	return 0;
}

/* dma-map-resource-to-phys basic: a device's MMIO range */
int dmv_map_mmio(struct device *dev, phys_addr_t phys, size_t len, dma_addr_t *out)
{
	*out = dma_map_resource(dev, phys, len, DMA_BIDIRECTIONAL, 0);
	if (dma_mapping_error(dev, *out))
		return -ENOMEM;
	return 0;
}

void dmv_unmap_mmio(struct device *dev, dma_addr_t addr, size_t len)
{
	dma_unmap_resource(dev, addr, len, DMA_BIDIRECTIONAL, 0);
}
