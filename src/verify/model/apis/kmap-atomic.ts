/**
 * kmap_atomic(), kmap_atomic_prot(), kmap_atomic_pfn() and kunmap_atomic()
 * (reference §3.1): a CPU-local LIFO mapping that also disables page faults
 * and preemption until its unmap (the executor applies those effects for
 * kind 'atomic'). kunmap_atomic() takes any address inside the mapping.
 */
import type { ApiFamily } from './api-model.js';
import { VOID } from './api-model.js';

export const kmapAtomic: ApiFamily = {
  family: 'kmap-atomic',
  summary: 'atomic kmap: LIFO mapping with page faults and preemption disabled',
  apis: {
    kmap_atomic: { arity: 1, apply: ([page], m, api) => m.kmap({ api, page: page!, kind: 'atomic' }) },
    kmap_atomic_prot: { arity: 2, apply: ([page, prot], m, api) => m.kmap({ api, page: page!, prot: prot!, kind: 'atomic' }) },
    kmap_atomic_pfn: { arity: 1, apply: ([pfn], m, api) => m.kmap({ api, page: m.canon.call('pfn_to_page', [pfn!]), kind: 'atomic' }) },
    kunmap_atomic: {
      arity: 1,
      apply([addr], m, api) {
        m.kunmap({ api, arg: addr!, kind: 'atomic', by: 'address' });
        return VOID(m);
      },
    },
  },
};
