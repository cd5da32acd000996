/// Benchmark counterpart of the dma-map-page-to-phys and dma-map-resource-to-phys
/// rules: the same call rewrites, without their refusals (licence, device memory,
/// partner sites) or idioms (sg_phys, virt_to_phys). For timing only.
// Confidence: Low
// Options: --no-includes --include-headers

@@
expression dev, page, off, size, dir, attrs;
@@
(
- dma_map_page(dev, page, off, size, dir)
+ dma_map_phys(dev, page_to_phys(page) + off, size, dir, 0)
|
- dma_map_page_attrs(dev, page, off, size, dir, attrs)
+ dma_map_phys(dev, page_to_phys(page) + off, size, dir, attrs)
|
- dma_map_resource(dev, page, size, dir, attrs)
+ dma_map_phys(dev, page, size, dir, attrs | DMA_ATTR_MMIO)
)

@@
expression dev, addr, size, dir, attrs;
@@
(
- dma_unmap_page(dev, addr, size, dir)
+ dma_unmap_phys(dev, addr, size, dir, 0)
|
- dma_unmap_page_attrs(dev, addr, size, dir, attrs)
+ dma_unmap_phys(dev, addr, size, dir, attrs)
|
- dma_unmap_resource(dev, addr, size, dir, attrs)
+ dma_unmap_phys(dev, addr, size, dir, attrs | DMA_ATTR_MMIO)
)
