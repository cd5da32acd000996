/**
 * Calls that acquire something a path must give back (an IOVA or table
 * entry, a lock, a reference, a mapping) and calls that give it back, judged
 * by the words of the callee's name. Used by the provider contract that an
 * MMIO refusal comes before anything is acquired (reference §2.5 item 8):
 * the 6.18 core refused MMIO for a legacy provider without calling it at
 * all. This list is the model's own, kept apart from the rule's placement
 * check (rules/dma-ops-map-page-to-map-phys/mmio.ts).
 */

const ACQUIRE_WORDS = new Set(['alloc', 'zalloc', 'malloc', 'calloc', 'reserve', 'acquire', 'lock', 'trylock', 'map', 'grab', 'claim', 'pin']);
const RELEASE_WORDS = new Set(['free', 'dealloc', 'unreserve', 'release', 'unlock', 'unmap', 'put', 'unpin']);
/** Accessors whose names carry an acquiring word but which only compute. */
const ACCESSORS = new Set(['dma_get_mask', 'get_iommu_table_base', 'dev_get_drvdata', 'iommu_get_dma_domain', 'to_dma_iommu_mapping']);

function words(name: string): string[] {
  return name.toLowerCase().split('_').filter((w) => w.length > 0);
}

/** Does a call of `name` acquire something that must be released? Conversions (`to_*`, `*_to_*`) and upper-case macros never do. */
export function acquiresResource(name: string): boolean {
  if (ACCESSORS.has(name) || /^[A-Z0-9_]+$/.test(name)) return false;
  const w = words(name);
  if (w.includes('to')) return false;
  return w.some((x) => ACQUIRE_WORDS.has(x)) || w[w.length - 1] === 'get' || name === 'get_device' || name === 'get_page';
}

/** Does a call of `name` give back what an acquiring call took? */
export function releasesResource(name: string): boolean {
  return words(name).some((x) => RELEASE_WORDS.has(x));
}
