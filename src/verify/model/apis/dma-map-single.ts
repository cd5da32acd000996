/**
 * dma_map_single[_attrs]() and dma_unmap_single[_attrs]() (reference §1.5,
 * §1.7): a linear-map pointer mapped through the page wrapper, i.e.
 * virt_to_phys(ptr). The vmalloc refusal and debug checks of the wrapper are
 * not modelled (README: what the model does not prove).
 */
import type { ApiFamily, ModelOps } from './api-model.js';
import { VOID } from './api-model.js';
import { splitAttrs } from './dma-attrs.js';
import type { Term } from '../term.js';

function mapSingle(m: ModelOps, api: string, [dev, ptr, size, dir]: readonly Term[], attrsTerm: Term): Term {
  const { attrs, mmio } = splitAttrs(m.canon, attrsTerm);
  if (mmio) {
    m.emit({ k: 'dma-map-fail', api });
    return m.canon.id('DMA_MAPPING_ERROR');
  }
  return m.dmaMap({ api, dev: dev!, phys: m.canon.call('virt_to_phys', [ptr!]), size: size!, dir: dir!, attrs, mmio: false });
}

function unmapSingle(m: ModelOps, api: string, [dev, handle, size, dir]: readonly Term[], attrsTerm: Term): Term {
  const { attrs, mmio } = splitAttrs(m.canon, attrsTerm);
  m.dmaUnmap({ api, dev: dev!, handle: handle!, size: size!, dir: dir!, attrs, mmio: false, noop: mmio });
  return VOID(m);
}

export const dmaMapSingle: ApiFamily = {
  family: 'dma-map-single',
  summary: 'linear-map pointer DMA mapping: virt_to_phys(ptr) through the page wrapper',
  apis: {
    dma_map_single: { arity: 4, apply: (a, m, n) => mapSingle(m, n, a, m.canon.num(0)) },
    dma_map_single_attrs: { arity: 5, apply: (a, m, n) => mapSingle(m, n, a, a[4]!) },
    dma_unmap_single: { arity: 4, apply: (a, m, n) => unmapSingle(m, n, a, m.canon.num(0)) },
    dma_unmap_single_attrs: { arity: 5, apply: (a, m, n) => unmapSingle(m, n, a, a[4]!) },
  },
};
