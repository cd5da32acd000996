/**
 * kmap() and kunmap() (reference §3.1, §3.6): a global mapping, no LIFO
 * rule, may sleep; kunmap() takes the page, not the address.
 */
import type { ApiFamily } from './api-model.js';
import { VOID } from './api-model.js';

export const kmapGlobal: ApiFamily = {
  family: 'kmap',
  summary: 'global kmap: may sleep, unmapped by page, no ordering rule',
  apis: {
    kmap: { arity: 1, apply: ([page], m, api) => m.kmap({ api, page: page!, kind: 'global' }) },
    kunmap: {
      arity: 1,
      apply([page], m, api) {
        m.kunmap({ api, arg: page!, kind: 'global', by: 'page' });
        return VOID(m);
      },
    },
  },
};
