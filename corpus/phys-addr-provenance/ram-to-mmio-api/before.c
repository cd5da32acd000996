/* synthetic: system RAM given to the MMIO-only mappings, which skip the CPU cache sync RAM needs */
#include <linux/dma-mapping.h>
#include <linux/scatterlist.h>
#include <linux/bvec.h>
#include <linux/memblock.h>

static void map_ram_as_resource(struct device *dev, struct page *page, void *buf, struct scatterlist *sg,
				struct bio_vec *bv, struct folio *folio)
{
	dma_map_resource(dev, page_to_phys(page), PAGE_SIZE, DMA_TO_DEVICE, 0);
	dma_map_resource(dev, virt_to_phys(buf), 64, DMA_TO_DEVICE, 0);
	dma_map_resource(dev, __pa(buf), 64, DMA_TO_DEVICE, 0);
	dma_map_phys(dev, sg_phys(sg), sg->length, DMA_TO_DEVICE, DMA_ATTR_MMIO);
	dma_map_phys(dev, bvec_phys(bv), bv->bv_len, DMA_FROM_DEVICE, DMA_ATTR_SKIP_CPU_SYNC | DMA_ATTR_MMIO);
	dma_map_resource(dev, PFN_PHYS(page_to_pfn(page)), PAGE_SIZE, DMA_TO_DEVICE, 0);
	dma_map_resource(dev, PFN_PHYS(folio_pfn(folio)), PAGE_SIZE, DMA_TO_DEVICE, 0);
	dma_map_resource(dev, PFN_PHYS(virt_to_pfn(buf)), PAGE_SIZE, DMA_TO_DEVICE, 0);
}

static void map_boot_ram(struct device *dev)
{
	phys_addr_t p = memblock_phys_alloc(PAGE_SIZE, PAGE_SIZE);
	phys_addr_t q = memblock_phys_alloc_range(PAGE_SIZE, PAGE_SIZE, 0, SZ_4G);
	phys_addr_t r = memblock_phys_alloc_try_nid(PAGE_SIZE, PAGE_SIZE, 0);

	dma_map_resource(dev, p, PAGE_SIZE, DMA_TO_DEVICE, 0);
	dma_map_resource(dev, q, PAGE_SIZE, DMA_TO_DEVICE, 0);
	dma_map_resource(dev, r, PAGE_SIZE, DMA_TO_DEVICE, 0);
	dma_map_resource(dev, __pa_symbol(_text), PAGE_SIZE, DMA_TO_DEVICE, 0);
	/* RAM with dma_map_phys() and no attributes is right */
	dma_map_phys(dev, p, PAGE_SIZE, DMA_TO_DEVICE, 0);
}
