/**
 * dma_map_page[_attrs]() and dma_unmap_page[_attrs]() (reference §1.5):
 * since 6.18 the map is dma_map_phys(dev, page_to_phys(page) + offset, ...),
 * refused outright when the attributes carry DMA_ATTR_MMIO; the unmap returns
 * without unmapping when given DMA_ATTR_MMIO. The attrs-less forms pass 0.
 */
import type { ApiFamily, ModelOps } from './api-model.js';
import { VOID } from './api-model.js';
import { splitAttrs } from './dma-attrs.js';
import type { Term } from '../term.js';

function mapPage(m: ModelOps, api: string, [dev, page, offset, size, dir]: readonly Term[], attrsTerm: Term): Term {
  const { attrs, mmio } = splitAttrs(m.canon, attrsTerm);
  if (mmio) {
    m.emit({ k: 'dma-map-fail', api });
    return m.canon.id('DMA_MAPPING_ERROR');
  }
  const phys = m.canon.add(m.canon.call('page_to_phys', [page!]), offset!);
  return m.dmaMap({ api, dev: dev!, phys, size: size!, dir: dir!, attrs, mmio: false });
}

function unmapPage(m: ModelOps, api: string, [dev, handle, size, dir]: readonly Term[], attrsTerm: Term): Term {
  const { attrs, mmio } = splitAttrs(m.canon, attrsTerm);
  m.dmaUnmap({ api, dev: dev!, handle: handle!, size: size!, dir: dir!, attrs, mmio: false, noop: mmio });
  return VOID(m);
}

export const dmaMapPage: ApiFamily = {
  family: 'dma-map-page',
  summary: 'struct-page DMA mapping: page_to_phys(page) + offset, no MMIO',
  apis: {
    dma_map_page: { arity: 5, apply: (a, m, n) => mapPage(m, n, a, m.canon.num(0)) },
    dma_map_page_attrs: { arity: 6, apply: (a, m, n) => mapPage(m, n, a, a[5]!) },
    dma_unmap_page: { arity: 4, apply: (a, m, n) => unmapPage(m, n, a, m.canon.num(0)) },
    dma_unmap_page_attrs: { arity: 5, apply: (a, m, n) => unmapPage(m, n, a, a[4]!) },
  },
};
