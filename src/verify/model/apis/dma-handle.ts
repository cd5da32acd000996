/**
 * Operations on a DMA handle (reference §1.1, §1.8): dma_mapping_error() and
 * the dma_sync_single_* calls, unchanged by the phys migration.
 */
import type { ApiFamily } from './api-model.js';
import { VOID } from './api-model.js';
import { makeTerm } from '../term.js';

export const dmaHandle: ApiFamily = {
  family: 'dma-handle',
  summary: 'mapping-error check and syncs of a DMA handle',
  apis: {
    dma_mapping_error: {
      arity: 2,
      apply([dev, handle], m, api) {
        m.emit({ k: 'dma-check', api, dev: dev!, handle: handle! });
        return makeTerm('dma-error', [handle!]);
      },
    },
    dma_sync_single_for_cpu: {
      arity: 4,
      apply([dev, handle, size, dir], m, api) {
        m.emit({ k: 'dma-sync', api, dev: dev!, handle: handle!, offset: m.canon.num(0), size: size!, dir: dir!, to: 'cpu' });
        return VOID(m);
      },
    },
    dma_sync_single_for_device: {
      arity: 4,
      apply([dev, handle, size, dir], m, api) {
        m.emit({ k: 'dma-sync', api, dev: dev!, handle: handle!, offset: m.canon.num(0), size: size!, dir: dir!, to: 'device' });
        return VOID(m);
      },
    },
    dma_sync_single_range_for_cpu: {
      arity: 5,
      apply([dev, handle, offset, size, dir], m, api) {
        m.emit({ k: 'dma-sync', api, dev: dev!, handle: handle!, offset: offset!, size: size!, dir: dir!, to: 'cpu' });
        return VOID(m);
      },
    },
    dma_sync_single_range_for_device: {
      arity: 5,
      apply([dev, handle, offset, size, dir], m, api) {
        m.emit({ k: 'dma-sync', api, dev: dev!, handle: handle!, offset: offset!, size: size!, dir: dir!, to: 'device' });
        return VOID(m);
      },
    },
  },
};
