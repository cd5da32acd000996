/**
 * One subject naming what a patch does, from the sites it converts: "Replace
 * kmap_atomic() with memcpy_to_page()" when every mapping became that
 * helper, "Use dma_map_phys() instead of dma_map_page()", a provider rule's
 * own subject; several kinds in one driver patch are joined, or said in
 * short ("Convert to dma_map_phys() and kmap_local_page()") when the joined
 * subject would be too long.
 */
import type { Finding as SiteFinding } from '../../core/types.js';

/** The replacement a kmap-family conversion form names (plain replacements: by the old API). */
const KMAP_FORMS: Readonly<Record<string, string>> = {
  'memcpy-from-page': 'memcpy_from_page',
  'memcpy-to-page': 'memcpy_to_page',
  'memzero-page': 'memzero_page',
  'memset-page': 'memset_page',
  'memcpy-page': 'memcpy_page',
};
const KMAP_LOCAL: Readonly<Record<string, string>> = {
  kmap_atomic: 'kmap_local_page',
  kmap: 'kmap_local_page',
  kmap_atomic_pfn: 'kmap_local_pfn',
  kmap_atomic_prot: 'kmap_local_page_prot',
};
const UNMAPS = new Set(['kunmap_atomic', 'kunmap', 'dma_unmap_page', 'dma_unmap_page_attrs', 'dma_unmap_resource']);
const DMA_CALLS = new Set(['dma_map_page', 'dma_map_page_attrs', 'dma_map_resource', 'dma_unmap_page', 'dma_unmap_page_attrs', 'dma_unmap_resource']);

/** "a()", "a() and b()", "a(), b() and c()". */
function list(names: readonly string[]): string {
  const n = names.map((x) => `${x}()`);
  return n.length <= 1 ? (n[0] ?? '') : `${n.slice(0, -1).join(', ')} and ${n[n.length - 1]}`;
}

function sorted(set: Set<string>): string[] {
  return [...set].sort();
}

export interface SubjectPart {
  /** The phrase on its own ("Replace kmap_atomic() with kmap_local_page()"). */
  readonly phrase: string;
  /** The new API names, for a short combined subject. */
  readonly newApis: readonly string[];
}

/** What the converted sites of one rule family do. */
export function subjectParts(sites: readonly SiteFinding[], providerSubject?: string): SubjectPart[] {
  const parts: SubjectPart[] = [];
  const kmapOld = new Set<string>();
  const kmapOldUnmaps = new Set<string>();
  const kmapNew = new Set<string>();
  const dmaOld = new Set<string>();
  const dmaOldUnmaps = new Set<string>();
  let provider = false;
  for (const s of sites) {
    if (s.status !== 'convert') continue;
    if (s.ruleId === 'dma-ops-map-page-to-map-phys') {
      provider = true;
      continue;
    }
    if (DMA_CALLS.has(s.api)) {
      (UNMAPS.has(s.api) ? dmaOldUnmaps : dmaOld).add(s.api);
      continue;
    }
    if (s.api.startsWith('kmap') || s.api.startsWith('kunmap')) {
      if (UNMAPS.has(s.api)) {
        kmapOldUnmaps.add(s.api);
        continue;
      }
      kmapOld.add(s.api);
      kmapNew.add(KMAP_FORMS[s.reason] ?? KMAP_LOCAL[s.api] ?? 'kmap_local_page');
    }
  }
  if (provider && providerSubject) parts.push({ phrase: providerSubject, newApis: ['map_phys'] });
  if (kmapOld.size > 0 || kmapOldUnmaps.size > 0) {
    const olds = kmapOld.size > 0 ? sorted(kmapOld) : sorted(kmapOldUnmaps);
    const news = kmapNew.size > 0 ? sorted(kmapNew) : ['kunmap_local'];
    parts.push({ phrase: `Replace ${list(olds)} with ${list(news)}`, newApis: news });
  }
  if (dmaOld.size > 0 || dmaOldUnmaps.size > 0) {
    const maps = dmaOld.size > 0;
    const olds = maps ? sorted(dmaOld) : sorted(dmaOldUnmaps);
    const fresh = maps ? 'dma_map_phys' : 'dma_unmap_phys';
    parts.push({ phrase: `Use ${fresh}() instead of ${list(olds)}`, newApis: [fresh] });
  }
  return parts;
}

/** Longest subject (prefix included) before the parts are said in short; checkpatch warns past 75. */
export const SUBJECT_WIDTH = 75;

export function patchSummary(prefix: string, parts: readonly SubjectPart[], fallback: string): string {
  if (parts.length === 0) return fallback;
  if (parts.length === 1) return parts[0]!.phrase;
  const joined = parts.map((p, i) => (i === 0 ? p.phrase : p.phrase.charAt(0).toLowerCase() + p.phrase.slice(1))).join(', ');
  if (prefix.length + 1 + joined.length <= SUBJECT_WIDTH) return joined;
  const apis = [...new Set(parts.flatMap((p) => p.newApis))].filter((n) => n !== 'map_phys');
  const callbacks = parts.some((p) => p.newApis.includes('map_phys'));
  if (apis.length === 0) return parts[0]!.phrase;
  return `Convert to ${list(apis)}${callbacks ? ' and .map_phys callbacks' : ''}`;
}
