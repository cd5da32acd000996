/**
 * dma_map_phys() and dma_unmap_phys() (reference §1.1, §1.4): the phys-based
 * API of 6.18; DMA_ATTR_MMIO in the attributes makes the mapping MMIO.
 */
import type { ApiFamily } from './api-model.js';
import { VOID } from './api-model.js';
import { splitAttrs } from './dma-attrs.js';

export const dmaMapPhys: ApiFamily = {
  family: 'dma-map-phys',
  summary: 'phys-based DMA mapping; DMA_ATTR_MMIO marks MMIO',
  apis: {
    dma_map_phys: {
      arity: 5,
      apply([dev, phys, size, dir, attrsTerm], m, api) {
        const { attrs, mmio } = splitAttrs(m.canon, attrsTerm!);
        return m.dmaMap({ api, dev: dev!, phys: phys!, size: size!, dir: dir!, attrs, mmio });
      },
    },
    dma_unmap_phys: {
      arity: 5,
      apply([dev, handle, size, dir, attrsTerm], m, api) {
        const { attrs, mmio } = splitAttrs(m.canon, attrsTerm!);
        m.dmaUnmap({ api, dev: dev!, handle: handle!, size: size!, dir: dir!, attrs, mmio, noop: false });
        return VOID(m);
      },
    },
  },
};
