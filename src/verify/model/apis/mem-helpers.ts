/**
 * The highmem.h copy/fill helpers (reference §3.2, §3.7), each a local map,
 * one access and the unmap. memcpy_to_page() and memzero_page() also call
 * flush_dcache_page() before unmapping (since 5.14); memcpy_from_page(),
 * memcpy_page() and memset_page() do not. flush_dcache_page() itself is
 * modelled as a cache-maintenance event. clear_highpage() zeroes the whole
 * page (clear_page(), the same bytes as memset() of PAGE_SIZE) and does not flush.
 */
import type { ApiFamily, ModelOps } from './api-model.js';
import { VOID } from './api-model.js';
import type { Term } from '../term.js';

function mapped(m: ModelOps, helper: string, page: Term): Term {
  return m.kmap({ api: 'kmap_local_page', page, kind: 'local', helper });
}

function unmap(m: ModelOps, helper: string, addr: Term): void {
  m.kunmap({ api: 'kunmap_local', arg: addr, kind: 'local', by: 'address', helper });
}

export const memHelpers: ApiFamily = {
  family: 'mem-helpers',
  summary: 'memcpy_{from,to}_page, memcpy_page, memset_page, memzero_page, clear_highpage as map + access + unmap',
  apis: {
    memcpy_from_page: {
      arity: 4,
      apply([to, page, offset, len], m, api) {
        const a = mapped(m, api, page!);
        m.call('memcpy', [to!, m.canon.add(a, offset!), len!], api);
        unmap(m, api, a);
        return VOID(m);
      },
    },
    memcpy_to_page: {
      arity: 4,
      apply([page, offset, from, len], m, api) {
        const a = mapped(m, api, page!);
        m.call('memcpy', [m.canon.add(a, offset!), from!, len!], api);
        m.emit({ k: 'flush', api: 'flush_dcache_page', page: page!, helper: api });
        unmap(m, api, a);
        return VOID(m);
      },
    },
    memzero_page: {
      arity: 3,
      apply([page, offset, len], m, api) {
        const a = mapped(m, api, page!);
        m.call('memset', [m.canon.add(a, offset!), m.canon.num(0), len!], api);
        m.emit({ k: 'flush', api: 'flush_dcache_page', page: page!, helper: api });
        unmap(m, api, a);
        return VOID(m);
      },
    },
    // include/linux/highmem.h: kmap_local_page() + clear_page() + kunmap_local(); clear_page() zeroes the whole page, no flush.
    clear_highpage: {
      arity: 1,
      apply([page], m, api) {
        const a = mapped(m, api, page!);
        m.call('memset', [a, m.canon.num(0), m.canon.id('PAGE_SIZE')], api);
        unmap(m, api, a);
        return VOID(m);
      },
    },
    memset_page: {
      arity: 4,
      apply([page, offset, val, len], m, api) {
        const a = mapped(m, api, page!);
        m.call('memset', [m.canon.add(a, offset!), val!, len!], api);
        unmap(m, api, a);
        return VOID(m);
      },
    },
    memcpy_page: {
      arity: 5,
      apply([dstPage, dstOff, srcPage, srcOff, len], m, api) {
        const dst = mapped(m, api, dstPage!);
        const src = mapped(m, api, srcPage!);
        m.call('memcpy', [m.canon.add(dst, dstOff!), m.canon.add(src, srcOff!), len!], api);
        unmap(m, api, src);
        unmap(m, api, dst);
        return VOID(m);
      },
    },
    flush_dcache_page: {
      arity: 1,
      apply([page], m, api) {
        m.emit({ k: 'flush', api, page: page! });
        return VOID(m);
      },
    },
  },
};
