/**
 * kmap_local_page(), kmap_local_page_prot(), kmap_local_pfn(),
 * kmap_local_folio() and kunmap_local() (reference §3.1): a thread-local
 * LIFO mapping with no effect on page faults or preemption. kunmap_local()
 * takes any address inside the mapping, never the page.
 */
import type { ApiFamily } from './api-model.js';
import { VOID } from './api-model.js';
import { numValue } from '../term.js';

export const kmapLocal: ApiFamily = {
  family: 'kmap-local',
  summary: 'local kmap: LIFO mapping, page faults and preemption stay enabled',
  apis: {
    kmap_local_page: { arity: 1, apply: ([page], m, api) => m.kmap({ api, page: page!, kind: 'local' }) },
    kmap_local_page_prot: { arity: 2, apply: ([page, prot], m, api) => m.kmap({ api, page: page!, prot: prot!, kind: 'local' }) },
    kmap_local_pfn: { arity: 1, apply: ([pfn], m, api) => m.kmap({ api, page: m.canon.call('pfn_to_page', [pfn!]), kind: 'local' }) },
    kmap_local_folio: {
      arity: 2,
      apply([folio, offset], m, api) {
        // The page holding byte `offset` is mapped; the address of that byte is returned.
        const index = numValue(offset!) === 0n ? offset! : m.canon.shr(offset!, m.canon.id('PAGE_SHIFT'));
        const page = m.canon.call('folio_page', [folio!, index]);
        return m.canon.add(m.kmap({ api, page, kind: 'local' }), m.canon.offsetInPage(offset!));
      },
    },
    kunmap_local: {
      arity: 1,
      apply([addr], m, api) {
        m.kunmap({ api, arg: addr!, kind: 'local', by: 'address' });
        return VOID(m);
      },
    },
  },
};
