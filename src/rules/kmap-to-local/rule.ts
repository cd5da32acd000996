/**
 * kmap() → kmap_local_page(), kunmap(page) → kunmap_local(address)
 * (reference §3.6), or a highmem.h helper where the region is one copy
 * (§3.7). Only where the mapping is local to the function on every path:
 * not stored outside automatic locals, not returned, not handed to a
 * function that may keep it, unmapped in the same function in LIFO order.
 * kunmap() takes the page but kunmap_local() the address: the variable
 * holding it is found on every path, or a local is introduced when kmap()'s
 * result was used inline.
 */
import { defineRule } from '../../core/rule.js';
import { checkKmapSites } from '../_kmap/conversion.js';
import { KMAP_COMMON_REASONS, KMAP_PAGE_REASONS } from '../_kmap/reasons.js';
import { KMAP_IMPLEMENTATION_FILES } from '../_kmap/implementation-files.js';

const REASONS = { ...KMAP_COMMON_REASONS, ...KMAP_PAGE_REASONS };

export default defineRule({
  meta: {
    id: 'kmap-to-local',
    summary: 'kmap()/kunmap(page) → kmap_local_page()/kunmap_local(address) where the mapping stays in the function and thread',
    confidence: 'high',
    apis: ['kmap', 'kunmap'],
    implementedIn: KMAP_IMPLEMENTATION_FILES,
    requires: 'kmap_local',
    captures: ['api', 'call'],
    reasons: REASONS,
    verdicts: true,
    wholeFile: true,
    rationale:
      'kmap() is deprecated in favour of kmap_local_page(). A kmap() address is global and may be ' +
      'handed to other threads until kunmap(); a kmap_local_page() address is valid only in the ' +
      'mapping thread, and local mappings must be undone in reverse order. Where the address never ' +
      'leaves the function and its thread, the conversion is exact; kunmap() takes the page while ' +
      'kunmap_local() takes the address, so the unmap is given the variable holding it.',
  },
  check(ctx) {
    checkKmapSites(ctx, 'kmap', REASONS);
  },
});
