/**
 * The physical-address identities (reference §1.5, §1.7, §2.5, §5), applied
 * when a call to one of these accessors is built:
 *   page_to_phys(phys_to_page(E))      = E - offset_in_page(E)
 *   virt_to_phys(x) = __pa(x)          = page_to_phys(virt_to_page(x)) + offset_in_page(x)
 *   sg_phys(sg)                        = page_to_phys(sg_page(sg)) + sg->offset
 *   bvec_phys(bv)                      = page_to_phys(bv->bv_page) + bv->bv_offset
 *   PFN_PHYS(n) = n << PAGE_SHIFT      = page_to_phys(pfn_to_page(n))
 *   PHYS_PFN(E) = E >> PAGE_SHIFT      = page_to_pfn(phys_to_page(E))
 *   phys_to_page(page_to_phys(P) + o)  = P                 when o < PAGE_SIZE
 *   offset_in_page(page_to_phys(P) + o) = offset_in_page(o) = o when o < PAGE_SIZE
 *   E & PAGE_MASK                      = E - offset_in_page(E)   (canon.ts)
 *   E & ~PAGE_MASK = E & (PAGE_SIZE-1) = offset_in_page(E)       (canon.ts)
 *   phys_to_virt(E) = __va(E)          = PAGE_OFFSET + E   (the linear map: lowmem only)
 *   page_address(P)                    = PAGE_OFFSET + page_to_phys(P)
 * "o < PAGE_SIZE" holds for offset_in_page(...) terms and for terms the
 * caller declares in-page (a map_page provider's offset parameter).
 */
import type { Canon } from './canon.js';
import { idName, makeTerm, numValue, type Term } from './term.js';

const PAGE_OFFSET = 'PAGE_OFFSET';

/** Calls that only compute a value (accessors and the identities above): no event, just a term. */
export const PURE_FUNCTIONS: ReadonlySet<string> = new Set([
  'page_to_phys', 'phys_to_page', 'virt_to_page', 'virt_to_phys', '__pa', '__va', 'phys_to_virt', 'page_address',
  'page_to_virt', 'lowmem_page_address', 'offset_in_page', 'sg_page', 'sg_phys', 'sg_virt', 'sg_dma_address', 'sg_dma_len',
  'bvec_phys', 'bvec_virt', 'PFN_PHYS', 'PHYS_PFN', 'PFN_DOWN', 'PFN_UP', 'pfn_to_page', 'page_to_pfn', 'pfn_to_phys',
  'phys_to_pfn', '__phys_to_pfn', '__pfn_to_phys', 'likely', 'unlikely', 'min', 'max', 'min_t', 'max_t', 'clamp', 'clamp_t',
  'PAGE_ALIGN', 'ALIGN', 'ALIGN_DOWN', 'round_down', 'round_up', 'folio_page', 'page_folio', 'folio_address',
  'skb_frag_page', 'skb_frag_off', 'skb_frag_size', 'lower_32_bits', 'upper_32_bits', 'BIT', 'BIT_ULL', 'GENMASK',
  'GENMASK_ULL', 'IS_ENABLED', 'ARRAY_SIZE', 'PageHighMem', 'PhysHighMem', 'is_zone_device_page', 'page_size',
  'offset_in_folio', 'compound_head', 'virt_addr_valid', 'is_vmalloc_addr', 'dev_to_node', 'get_dma_ops', 'dma_get_mask',
  'DIV_ROUND_UP', 'IS_ALIGNED', 'offsetof', 'container_of', 'sizeof_field',
]);

export function callWithIdentities(c: Canon, name: string, args: readonly Term[]): Term {
  const [a, b] = args;
  if (args.length === 1 && a) {
    switch (name) {
      case 'likely':
      case 'unlikely':
        return a;
      case 'page_to_phys':
        return pageToPhys(c, a);
      case 'phys_to_page':
        return physToPage(c, a);
      case 'offset_in_page':
        return offsetInPage(c, a);
      case 'PFN_PHYS':
      case 'pfn_to_phys':
      case '__pfn_to_phys':
        return pageToPhys(c, callWithIdentities(c, 'pfn_to_page', [a]));
      case 'PHYS_PFN':
      case 'PFN_DOWN':
      case 'phys_to_pfn':
      case '__phys_to_pfn':
        return callWithIdentities(c, 'page_to_pfn', [physToPage(c, a)]);
      case 'pfn_to_page':
        if (a.op === 'call:page_to_pfn') return a.args[0]!;
        break;
      case 'page_to_pfn':
        if (a.op === 'call:pfn_to_page') return a.args[0]!;
        break;
      case 'virt_to_phys':
      case '__pa':
        return virtToPhys(c, a);
      case 'virt_to_page': {
        const phys = linearMapPhys(c, a);
        if (phys) return physToPage(c, phys);
        break;
      }
      case '__va':
      case 'phys_to_virt':
        return c.add(c.id(PAGE_OFFSET), a);
      case 'page_address':
      case 'page_to_virt':
      case 'lowmem_page_address':
        return c.add(c.id(PAGE_OFFSET), pageToPhys(c, a));
      case 'sg_phys':
        return c.add(pageToPhys(c, callWithIdentities(c, 'sg_page', [a])), c.field(c.deref(a), 'offset'));
      case 'sg_virt':
        return c.add(c.id(PAGE_OFFSET), callWithIdentities(c, 'sg_phys', [a]));
      case 'bvec_phys':
        return c.add(pageToPhys(c, c.field(c.deref(a), 'bv_page')), c.field(c.deref(a), 'bv_offset'));
      case 'bvec_virt':
        return c.add(c.id(PAGE_OFFSET), callWithIdentities(c, 'bvec_phys', [a]));
      case 'PhysHighMem':
        return callWithIdentities(c, 'PageHighMem', [physToPage(c, a)]);
      default:
        break;
    }
  }
  // folio_page(folio, 0) is nth_page(&folio->page, 0): the folio's first page.
  if (args.length === 2 && a && b && name === 'folio_page' && numValue(b) === 0n) return c.addr(c.field(c.deref(a), 'page'));
  if (args.length === 2 && a && b && (name === 'ALIGN_DOWN' || name === 'round_down') && idName(b) === 'PAGE_SIZE') {
    return c.bitAnd(a, c.id('PAGE_MASK'));
  }
  return makeTerm(`call:${name}`, args);
}

function pageToPhys(c: Canon, p: Term): Term {
  if (p.op === 'call:phys_to_page') {
    const e = p.args[0]!;
    return c.sub(e, offsetInPage(c, e));
  }
  return makeTerm('call:page_to_phys', [p]);
}

function isPageAligned(t: Term): boolean {
  return t.op === 'call:page_to_phys' || idName(t) === PAGE_OFFSET;
}

export function offsetInPage(c: Canon, e: Term): Term {
  const l = c.linearTerms(e);
  const rest = c.combine(l.terms.filter((v) => !isPageAligned(v.t)), l.c);
  if (numValue(rest) === 0n) return rest;
  if (c.isInPage(rest)) return rest;
  return makeTerm('call:offset_in_page', [rest]);
}

function physToPage(c: Canon, e: Term): Term {
  const l = c.linearTerms(e);
  const bases = l.terms.filter((v) => v.t.op === 'call:page_to_phys');
  if (bases.length === 1 && bases[0]!.k === 1n) {
    const base = bases[0]!.t;
    const rest = c.combine(l.terms.filter((v) => v.t.key !== base.key), l.c);
    if (numValue(rest) === 0n || c.isInPage(rest)) return base.args[0]!;
  }
  return makeTerm('call:phys_to_page', [e]);
}

/** For a linear-map address `PAGE_OFFSET + E`, the physical address E. */
function linearMapPhys(c: Canon, x: Term): Term | undefined {
  const l = c.linearTerms(x);
  const base = l.terms.find((v) => v.t.key === `id:${PAGE_OFFSET}`);
  if (!base || base.k !== 1n) return undefined;
  return c.combine(l.terms.filter((v) => v !== base), l.c);
}

function virtToPhys(c: Canon, x: Term): Term {
  const phys = linearMapPhys(c, x);
  if (phys) return phys;
  return c.add(pageToPhys(c, callWithIdentities(c, 'virt_to_page', [x])), offsetInPage(c, x));
}
