/**
 * kmap_atomic() → kmap_local_page(), kmap_atomic_prot() →
 * kmap_local_page_prot(), kmap_atomic_pfn() → kmap_local_pfn(),
 * kunmap_atomic() → kunmap_local() (reference §3.1, §3.5), or a highmem.h
 * helper where the region is one copy (§3.7). Every path of the function is
 * followed (src/rules/_kmap/analysis): each mapping must be unmapped on every path,
 * in LIFO order, without escaping; a region relying on disabled page faults
 * gets explicit pagefault_disable()/pagefault_enable() around exactly the
 * user access, as upstream did; reliance on disabled preemption outside a
 * lock, atomicity checks and sleeping calls are left for review.
 */
import { defineRule } from '../../core/rule.js';
import { checkKmapSites } from '../_kmap/conversion.js';
import { KMAP_ATOMIC_REASONS, KMAP_COMMON_REASONS } from '../_kmap/reasons.js';
import { KMAP_IMPLEMENTATION_FILES } from '../_kmap/implementation-files.js';

const REASONS = { ...KMAP_COMMON_REASONS, ...KMAP_ATOMIC_REASONS };

export default defineRule({
  meta: {
    id: 'kmap-atomic-to-local',
    summary: 'kmap_atomic*()/kunmap_atomic() → kmap_local_*()/kunmap_local() (or a memcpy_*_page() helper), with pagefault_disable() where the region relied on it',
    confidence: 'high',
    apis: ['kmap_atomic', 'kmap_atomic_prot', 'kmap_atomic_pfn', 'kunmap_atomic'],
    implementedIn: KMAP_IMPLEMENTATION_FILES,
    requires: 'kmap_local',
    captures: ['api', 'call'],
    reasons: REASONS,
    patchSubject: 'Replace kmap_atomic() with kmap_local_page()',
    verdicts: true,
    wholeFile: true,
    rationale:
      'kmap_atomic() is deprecated in favour of kmap_local_page(). Local mappings are valid only in ' +
      'the mapping thread, may take page faults and survive preemption, and nest in LIFO order. ' +
      'kmap_atomic() also disables page faults and preemption, so the conversion is a plain ' +
      'replacement only where the code between map and unmap does not depend on those side effects.',
  },
  check(ctx) {
    checkKmapSites(ctx, 'atomic', REASONS);
  },
});
