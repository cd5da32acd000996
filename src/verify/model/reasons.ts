/**
 * Why the model rejects a rewrite, or cannot judge it. Contracts come first
 * (they name the broken rule), then the equivalence differences from the
 * most to the least specific. The order decides which reason is reported
 * first when several apply.
 */
export const REJECTION_REASONS = {
  // Contracts, checked on the new function relative to the old one.
  'kunmap-local-given-page': 'kunmap_local()/kunmap_atomic() is given the struct page, not the mapped address (a BUILD_BUG in the kernel)',
  'kunmap-given-address': 'kunmap() is given the mapped address; it takes the struct page',
  'use-after-unmap': 'a mapped address or DMA handle is used after its unmap',
  'lifo-violation': 'local mappings are not unmapped in LIFO order on some path',
  'kmap-not-unmapped': 'a local mapping is left mapped on some path',
  'local-mapping-escapes': 'the address of a local (or atomic) mapping is returned or stored outside the function\'s locals',
  'local-mapping-kept-by-callee': 'the address of a local (or atomic) mapping is passed to a function that may keep it past the call (by the callee summaries the rules used: it stores or returns the pointer, or no summary covers it)',
  'unmap-kind-mismatch': 'a mapping is ended by the unmap of another kmap family',
  'double-unmap': 'a mapping is unmapped twice on some path',
  'unmap-address-outside-mapping': 'an unmap is given an address below the start of its mapping (the mapped address minus values that were added to it and have since grown)',
  'unmap-unknown-address': 'an unmap the model cannot tie to a mapping on this path',
  'pagefault-reliance-lost': 'a user-memory access or page-fault check that ran with page faults disabled now runs with them enabled (add pagefault_disable())',
  'preempt-reliance-lost': 'per-CPU access or a preemption check that ran with preemption disabled now runs preemptible (add preempt_disable())',
  'sleeps-in-atomic': 'a call that may sleep now runs with preemption disabled',
  'atomic-context-changed': 'a call whose behaviour depends on the atomic context now runs in a different one',
  'mmio-cpu-access': 'the CPU maps or dereferences an MMIO address (kmap, phys_to_virt or phys_to_page of it)',
  'mmio-not-rejected': 'a map_phys provider without MMIO support does not refuse DMA_ATTR_MMIO with DMA_MAPPING_ERROR',
  'mmio-refused-after-acquire': 'a map_phys provider refuses DMA_ATTR_MMIO only after it has allocated or acquired something (an IOVA, a table entry, a lock, a reference) that the refusing path does not give back: it leaks on every MMIO request',
  'mmio-not-dispatched': 'a map_phys/unmap_phys provider that hands DMA_ATTR_MMIO requests to the kept .map_resource/.unmap_resource function does not do it as the 6.18 core did (its own arguments, its result returned, nothing else done)',
  'mapping-error-unchecked': 'a DMA handle is used before dma_mapping_error() checks it, where the old code checked it',
  'unmap-mismatch': 'the unmap\'s size, direction or MMIO-ness differs from the mapping\'s',
  'dma-unbalanced': 'a DMA mapping is not unmapped on a path where the old code unmapped it',
  // Equivalence: the traces differ.
  'offset-dropped': 'an address lost its in-page offset (page base instead of base + offset)',
  'offset-doubled': 'an address adds the in-page offset twice',
  'aligned-base-lost': 'a page-aligned base became base + offset (the sparc bug of reference §1.9)',
  'phys-changed': 'the physical address differs',
  'mmio-changed': 'the mapping\'s MMIO-ness (DMA_ATTR_MMIO) differs',
  'attrs-changed': 'the DMA attributes differ',
  'direction-changed': 'the DMA direction differs',
  'size-changed': 'the mapped or unmapped size differs',
  'device-changed': 'the device differs',
  'handle-changed': 'a different DMA handle is unmapped, checked or synced',
  'sync-changed': 'a DMA sync differs',
  'kmap-page-changed': 'a different page is mapped',
  'kmap-prot-changed': 'the mapping\'s protection differs',
  'unmap-target-changed': 'an unmap ends a different mapping',
  'copy-direction-reversed': 'a copy runs in the opposite direction (source and destination swapped)',
  'helper-access-changed': 'the access a copy/fill helper makes differs from the original access',
  'flush-lost': 'a flush_dcache_page() of the old code is gone',
  'op-missing': 'an operation of the old code is missing',
  'op-added': 'an operation was added',
  'order-changed': 'operations happen in a different order',
  'return-changed': 'a return value differs',
  'control-flow-changed': 'the paths through the function differ (a branch was added, removed or changed)',
  'other-code-changed': 'code the rewrite should not touch behaves differently',
  'provider-signature': 'a map_phys/unmap_phys provider does not have the prototype of struct dma_map_ops',
} as const;

export type RejectionReason = keyof typeof REJECTION_REASONS;

export const UNJUDGED_REASONS = {
  'no-model': 'the change adds or removes calls to an API the model has no entry for',
  'too-many-paths': 'the function has more paths than the model enumerates',
  unsupported: 'the function uses a construct the model does not interpret around a modelled call',
  'function-unpaired': 'a function was added or removed',
  'signature-changed': 'the parameters of a function that is not a dma_map_ops callback changed',
  'change-outside-function': 'code outside any function body changed',
  'parse-error': 'the change lies in code tree-sitter could not parse into a function',
  'too-deep': 'the function nests deeper than the model follows (over 400 syntax levels); it is not judged, the other functions are',
} as const;

export type UnjudgedReason = keyof typeof UNJUDGED_REASONS;

const ORDER = Object.keys(REJECTION_REASONS);

export function reasonRank(reason: string): number {
  const i = ORDER.indexOf(reason);
  return i === -1 ? ORDER.length : i;
}

export const CONTRACT_REASONS: ReadonlySet<string> = new Set(ORDER.slice(0, ORDER.indexOf('offset-dropped')));
