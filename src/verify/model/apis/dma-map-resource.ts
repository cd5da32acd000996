/**
 * dma_map_resource() and dma_unmap_resource() (reference §1.4, §1.5): since
 * 6.18 exactly dma_map_phys()/dma_unmap_phys() with DMA_ATTR_MMIO or'ed in.
 */
import type { ApiFamily } from './api-model.js';
import { VOID } from './api-model.js';
import { splitAttrs } from './dma-attrs.js';

export const dmaMapResource: ApiFamily = {
  family: 'dma-map-resource',
  summary: 'MMIO (resource) DMA mapping: a phys mapping with DMA_ATTR_MMIO',
  apis: {
    dma_map_resource: {
      arity: 5,
      apply([dev, phys, size, dir, attrsTerm], m, api) {
        const { attrs } = splitAttrs(m.canon, attrsTerm!);
        return m.dmaMap({ api, dev: dev!, phys: phys!, size: size!, dir: dir!, attrs, mmio: true });
      },
    },
    dma_unmap_resource: {
      arity: 5,
      apply([dev, handle, size, dir, attrsTerm], m, api) {
        const { attrs } = splitAttrs(m.canon, attrsTerm!);
        m.dmaUnmap({ api, dev: dev!, handle: handle!, size: size!, dir: dir!, attrs, mmio: true, noop: false });
        return VOID(m);
      },
    },
  },
};
