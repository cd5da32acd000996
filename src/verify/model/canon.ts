/**
 * Canonical terms: smart constructors that apply the identities the model
 * knows, so two expressions that denote the same value get the same key.
 *
 * Arithmetic: sums and differences are linear forms (flattened, like terms
 * collected, constants folded, `+ 0` gone, operands sorted); `*`, `|`, `&`,
 * `^` are flattened and sorted; parentheses do not exist in terms. Casts to
 * integer and byte-pointer types are dropped (pointer arithmetic through
 * them is byte arithmetic); casts to other pointer types are kept.
 *
 * Physical addresses (reference §1.5, §1.7, §2.5, §5):
 *   page_to_phys(phys_to_page(E))      = E - offset_in_page(E)
 *   virt_to_phys(x) = __pa(x)          = page_to_phys(virt_to_page(x)) + offset_in_page(x)
 *   sg_phys(sg)                        = page_to_phys(sg_page(sg)) + sg->offset
 *   bvec_phys(bv)                      = page_to_phys(bv->bv_page) + bv->bv_offset
 *   PFN_PHYS(n) = n << PAGE_SHIFT      = page_to_phys(pfn_to_page(n))
 *   PHYS_PFN(E) = E >> PAGE_SHIFT      = page_to_pfn(phys_to_page(E))
 *   phys_to_page(page_to_phys(P) + o)  = P                 when o < PAGE_SIZE
 *   offset_in_page(page_to_phys(P) + o) = offset_in_page(o) = o when o < PAGE_SIZE
 *   E & PAGE_MASK                      = E - offset_in_page(E)
 *   E & ~PAGE_MASK = E & (PAGE_SIZE-1) = offset_in_page(E)
 *   phys_to_virt(E) = __va(E)          = PAGE_OFFSET + E   (the linear map: lowmem only)
 *   page_address(P)                    = PAGE_OFFSET + page_to_phys(P)
 * "o < PAGE_SIZE" holds for offset_in_page(...) terms and for terms the
 * caller declares in-page (a map_page provider's offset parameter).
 */
import { idName, idTerm, makeTerm, numTerm, numValue, type Term } from './term.js';

export interface Assumptions {
  /** Keys of terms known to be below PAGE_SIZE. */
  readonly inPage?: ReadonlySet<string>;
  /** Keys of attribute terms whose DMA_ATTR_MMIO bit is known (a provider's attrs parameter on one side of the MMIO split). */
  readonly attrsMmio?: { readonly keys: ReadonlySet<string>; readonly mmio: boolean };
}

interface Linear {
  c: bigint;
  terms: Map<string, { t: Term; k: bigint }>;
}

const PAGE_OFFSET = 'PAGE_OFFSET';
const BYTE_POINTEES = new Set(['void', 'char', 'unsigned char', 'signed char', 'u8', '__u8', 'uint8_t', 's8', '__s8', 'int8_t']);

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

export class Canon {
  constructor(readonly assume: Assumptions = {}) {}

  num(v: bigint | number): Term {
    return numTerm(BigInt(v));
  }

  id(name: string): Term {
    return idTerm(name);
  }

  // ---- arithmetic -------------------------------------------------------

  add(...ts: Term[]): Term {
    const l: Linear = { c: 0n, terms: new Map() };
    for (const t of ts) this.accumulate(l, t, 1n);
    return this.fromLinear(l);
  }

  sub(a: Term, b: Term): Term {
    return this.add(a, this.neg(b));
  }

  neg(a: Term): Term {
    const l: Linear = { c: 0n, terms: new Map() };
    this.accumulate(l, a, -1n);
    return this.fromLinear(l);
  }

  mul(...ts: Term[]): Term {
    let c = 1n;
    const rest: Term[] = [];
    for (const t of ts.flatMap((x) => (x.op === '*' ? [...x.args] : [x]))) {
      const v = numValue(t);
      if (v !== undefined) c *= v;
      else rest.push(t);
    }
    if (c === 0n) return this.num(0);
    if (rest.length === 0) return this.num(c);
    // A product with one sum distributes the constant only: k * (a + b) = k*a + k*b.
    if (rest.length === 1) {
      if (c === 1n) return rest[0]!;
      return this.scale(rest[0]!, c);
    }
    rest.sort(byKey);
    const prod = makeTerm('*', rest);
    return c === 1n ? prod : this.scale(prod, c);
  }

  private scale(t: Term, k: bigint): Term {
    const l: Linear = { c: 0n, terms: new Map() };
    this.accumulate(l, t, k);
    return this.fromLinear(l);
  }

  private accumulate(l: Linear, t: Term, k: bigint): void {
    const v = numValue(t);
    if (v !== undefined) {
      l.c += k * v;
      return;
    }
    if (t.op === '+') {
      for (const a of t.args) this.accumulate(l, a, k);
      return;
    }
    if (t.op === 'neg') {
      this.accumulate(l, t.args[0]!, -k);
      return;
    }
    if (t.op === '*' && t.args.length >= 2 && numValue(t.args[0]!) !== undefined) {
      const coeff = numValue(t.args[0]!)!;
      const rest = t.args.slice(1);
      this.accumulate(l, rest.length === 1 ? rest[0]! : makeTerm('*', rest), k * coeff);
      return;
    }
    const cur = l.terms.get(t.key);
    if (cur) cur.k += k;
    else l.terms.set(t.key, { t, k });
  }

  /** The linear form of `t`: its terms with coefficients, and the constant. */
  linearTerms(t: Term): { terms: { t: Term; k: bigint }[]; c: bigint } {
    const l = this.linear(t);
    return { terms: [...l.terms.values()].filter((x) => x.k !== 0n), c: l.c };
  }

  private linear(t: Term): Linear {
    const l: Linear = { c: 0n, terms: new Map() };
    this.accumulate(l, t, 1n);
    return l;
  }

  private fromLinear(l: Linear): Term {
    const parts: Term[] = [];
    for (const { t, k } of [...l.terms.values()].sort((a, b) => byKey(a.t, b.t))) {
      if (k === 0n) continue;
      if (k === 1n) parts.push(t);
      else if (k === -1n) parts.push(makeTerm('neg', [t]));
      else parts.push(makeTerm('*', [numTerm(k), t]));
    }
    if (l.c !== 0n) parts.push(numTerm(l.c));
    if (parts.length === 0) return numTerm(0n);
    if (parts.length === 1) return parts[0]!;
    return makeTerm('+', parts);
  }

  // ---- bitwise, shifts, comparisons -------------------------------------

  bitOr(...ts: Term[]): Term {
    const flat = ts.flatMap((t) => (t.op === '|' ? [...t.args] : [t]));
    let c = 0n;
    const rest = new Map<string, Term>();
    for (const t of flat) {
      const v = numValue(t);
      if (v !== undefined) c |= v;
      else rest.set(t.key, t);
    }
    const parts = [...rest.values()].sort(byKey);
    if (c !== 0n) parts.push(numTerm(c));
    if (parts.length === 0) return this.num(0);
    return parts.length === 1 ? parts[0]! : makeTerm('|', parts);
  }

  bitAnd(...ts: Term[]): Term {
    const flat = ts.flatMap((t) => (t.op === '&' ? [...t.args] : [t]));
    let c: bigint | undefined;
    const rest = new Map<string, Term>();
    for (const t of flat) {
      const v = numValue(t);
      if (v !== undefined) c = c === undefined ? v : c & v;
      else rest.set(t.key, t);
    }
    if (c === 0n) return this.num(0);
    const parts = [...rest.values()].sort(byKey);
    // DMA_ATTR_MMIO tested on attributes whose MMIO bit the caller fixed.
    const mmioAssume = this.assume.attrsMmio;
    if (mmioAssume && parts.length === 2 && c === undefined) {
      const known = parts.find((p) => mmioAssume.keys.has(p.key));
      const mask = parts.find((p) => p !== known);
      if (known && mask) {
        const bits = mask.op === '|' ? mask.args : [mask];
        if (bits.some((b) => idName(b) === 'DMA_ATTR_MMIO')) {
          const rest = bits.filter((b) => idName(b) !== 'DMA_ATTR_MMIO');
          const others = rest.length > 0 ? this.bitAnd(known, this.bitOr(...rest)) : this.num(0);
          return mmioAssume.mmio ? this.bitOr(others, this.id('DMA_ATTR_MMIO')) : others;
        }
      }
    }
    if (parts.length === 2 && c === undefined) {
      const [a, b] = parts as [Term, Term];
      const mask = (t: Term) => idName(t) === 'PAGE_MASK';
      const notMask = (t: Term) => t.op === 'un:~' && idName(t.args[0]!) === 'PAGE_MASK';
      const sizeMinusOne = (t: Term) => t.key === this.add(this.id('PAGE_SIZE'), this.num(-1)).key;
      for (const [x, m] of [[a, b], [b, a]] as const) {
        if (mask(m)) return this.sub(x, this.offsetInPage(x));
        if (notMask(m) || sizeMinusOne(m)) return this.offsetInPage(x);
        // Another page-sized mask (IO_PAGE_MASK) of a linear-map address: the linear map is page aligned.
        const name = idName(m);
        if (name !== undefined && name.endsWith('PAGE_MASK')) {
          const l = this.linear(x);
          const base = l.terms.get(`id:${PAGE_OFFSET}`);
          if (base && base.k === 1n) {
            l.terms.delete(`id:${PAGE_OFFSET}`);
            return this.add(this.id(PAGE_OFFSET), makeTerm('&', [this.fromLinear(l), m].sort(byKey)));
          }
        }
      }
    }
    if (c !== undefined && c !== -1n) parts.push(numTerm(c));
    if (parts.length === 0) return numTerm(c ?? -1n);
    return parts.length === 1 ? parts[0]! : makeTerm('&', parts);
  }

  bitXor(a: Term, b: Term): Term {
    const va = numValue(a);
    const vb = numValue(b);
    if (va !== undefined && vb !== undefined) return this.num(va ^ vb);
    return makeTerm('^', [a, b].sort(byKey));
  }

  shl(a: Term, b: Term): Term {
    if (idName(b) === 'PAGE_SHIFT') return this.call('PFN_PHYS', [a]);
    const va = numValue(a);
    const vb = numValue(b);
    if (va !== undefined && vb !== undefined && vb >= 0n && vb < 128n) return this.num(va << vb);
    return makeTerm('bin:<<', [a, b]);
  }

  shr(a: Term, b: Term): Term {
    if (idName(b) === 'PAGE_SHIFT') return this.call('PHYS_PFN', [a]);
    const va = numValue(a);
    const vb = numValue(b);
    if (va !== undefined && vb !== undefined && vb >= 0n && vb < 128n) return this.num(va >> vb);
    return makeTerm('bin:>>', [a, b]);
  }

  /** Any binary operator by its C spelling. */
  binary(op: string, a: Term, b: Term): Term {
    switch (op) {
      case '+':
        return this.add(a, b);
      case '-':
        return this.sub(a, b);
      case '*':
        return this.mul(a, b);
      case '|':
        return this.bitOr(a, b);
      case '&':
        return this.bitAnd(a, b);
      case '^':
        return this.bitXor(a, b);
      case '<<':
        return this.shl(a, b);
      case '>>':
        return this.shr(a, b);
      case '&&':
      case '||':
        return this.logical(op, a, b);
      default:
        break;
    }
    const va = numValue(a);
    const vb = numValue(b);
    if (va !== undefined && vb !== undefined) {
      const r = foldCompare(op, va, vb);
      if (r !== undefined) return this.num(r);
    }
    // x == x folds only for values: two reads of one memory location may see different values.
    if ((op === '==' || op === '!=') && a.key === b.key && !readsMemory(a)) return this.num(op === '==' ? 1 : 0);
    if (op === '==' || op === '!=') return makeTerm(`bin:${op}`, [a, b].sort(byKey));
    return makeTerm(`bin:${op}`, [a, b]);
  }

  logical(op: '&&' | '||', a: Term, b: Term): Term {
    const va = numValue(a);
    if (va !== undefined) {
      if (op === '&&') return va === 0n ? this.num(0) : this.truth(b);
      return va !== 0n ? this.num(1) : this.truth(b);
    }
    const vb = numValue(b);
    if (vb !== undefined) {
      if (op === '&&' && vb !== 0n) return this.truth(a);
      if (op === '||' && vb === 0n) return this.truth(a);
    }
    const flat = [a, b].flatMap((t) => (t.op === op ? [...t.args] : [t]));
    return makeTerm(op, flat);
  }

  /** Boolean value of a term (as a condition). */
  truth(t: Term): Term {
    const v = numValue(t);
    if (v !== undefined) return this.num(v !== 0n ? 1 : 0);
    if (isNonZero(t)) return this.num(1);
    return t;
  }

  unary(op: string, a: Term): Term {
    const v = numValue(a);
    switch (op) {
      case '-':
        return this.neg(a);
      case '+':
        return a;
      case '!':
        if (v !== undefined) return this.num(v === 0n ? 1 : 0);
        if (isNonZero(a)) return this.num(0);
        if (a.op === 'un:!' && a.args[0]!.op === 'un:!') return a.args[0]!;
        return makeTerm('un:!', [a]);
      case '~':
        if (v !== undefined) return this.num(~v);
        return makeTerm('un:~', [a]);
      default:
        return makeTerm(`un:${op}`, [a]);
    }
  }

  cond(c: Term, a: Term, b: Term): Term {
    const v = numValue(c);
    if (v !== undefined) return v !== 0n ? a : b;
    if (a.key === b.key) return a;
    return makeTerm('?:', [c, a, b]);
  }

  // ---- memory access ----------------------------------------------------

  deref(p: Term): Term {
    if (p.op === 'addr') return p.args[0]!;
    return makeTerm('deref', [p]);
  }

  addr(x: Term): Term {
    if (x.op === 'deref') return x.args[0]!;
    return makeTerm('addr', [x]);
  }

  field(obj: Term, name: string): Term {
    return makeTerm(`field:${name}`, [obj]);
  }

  /** `a[i]` is `*(a + i)`. */
  index(a: Term, i: Term): Term {
    return this.deref(this.add(a, i));
  }

  /**
   * A cast. `implicit`: the conversion of an assignment to a typed local,
   * where only pointers to scalars matter (their arithmetic scales); a
   * struct pointer assigned from a function keeps its value.
   */
  cast(typeText: string, x: Term, implicit = false): Term {
    const type = normalizeType(typeText);
    if (!type.includes('*')) return x;
    const pointee = type.replace(/\s*\*$/, '');
    if (!pointee.includes('*') && BYTE_POINTEES.has(pointee)) return x;
    if (implicit && /^(?:struct|union|enum)\b/.test(pointee)) return x;
    const inner = x.op.startsWith('cast:') ? x.args[0]! : x;
    return makeTerm(`cast:${type}`, [inner]);
  }

  // ---- calls: the identities ---------------------------------------------

  call(name: string, args: readonly Term[]): Term {
    const [a, b] = args;
    if (args.length === 1 && a) {
      switch (name) {
        case 'likely':
        case 'unlikely':
          return a;
        case 'page_to_phys':
          return this.pageToPhys(a);
        case 'phys_to_page':
          return this.physToPage(a);
        case 'offset_in_page':
          return this.offsetInPage(a);
        case 'PFN_PHYS':
        case 'pfn_to_phys':
        case '__pfn_to_phys':
          return this.pageToPhys(this.call('pfn_to_page', [a]));
        case 'PHYS_PFN':
        case 'PFN_DOWN':
        case 'phys_to_pfn':
        case '__phys_to_pfn':
          return this.call('page_to_pfn', [this.physToPage(a)]);
        case 'pfn_to_page':
          if (a.op === 'call:page_to_pfn') return a.args[0]!;
          break;
        case 'page_to_pfn':
          if (a.op === 'call:pfn_to_page') return a.args[0]!;
          break;
        case 'virt_to_phys':
        case '__pa':
          return this.virtToPhys(a);
        case 'virt_to_page': {
          const phys = this.linearMapPhys(a);
          if (phys) return this.physToPage(phys);
          break;
        }
        case '__va':
        case 'phys_to_virt':
          return this.add(this.id(PAGE_OFFSET), a);
        case 'page_address':
        case 'page_to_virt':
        case 'lowmem_page_address':
          return this.add(this.id(PAGE_OFFSET), this.pageToPhys(a));
        case 'sg_phys':
          return this.add(this.pageToPhys(this.call('sg_page', [a])), this.field(this.deref(a), 'offset'));
        case 'sg_virt':
          return this.add(this.id(PAGE_OFFSET), this.call('sg_phys', [a]));
        case 'bvec_phys':
          return this.add(this.pageToPhys(this.field(this.deref(a), 'bv_page')), this.field(this.deref(a), 'bv_offset'));
        case 'bvec_virt':
          return this.add(this.id(PAGE_OFFSET), this.call('bvec_phys', [a]));
        case 'PhysHighMem':
          return this.call('PageHighMem', [this.physToPage(a)]);
        default:
          break;
      }
    }
    if (args.length === 2 && a && b && (name === 'ALIGN_DOWN' || name === 'round_down') && idName(b) === 'PAGE_SIZE') {
      return this.bitAnd(a, this.id('PAGE_MASK'));
    }
    return makeTerm(`call:${name}`, args);
  }

  private pageToPhys(p: Term): Term {
    if (p.op === 'call:phys_to_page') {
      const e = p.args[0]!;
      return this.sub(e, this.offsetInPage(e));
    }
    return makeTerm('call:page_to_phys', [p]);
  }

  private isInPage(t: Term): boolean {
    return t.op === 'call:offset_in_page' || (this.assume.inPage?.has(t.key) ?? false);
  }

  private isPageAligned(t: Term): boolean {
    return t.op === 'call:page_to_phys' || idName(t) === PAGE_OFFSET;
  }

  offsetInPage(e: Term): Term {
    const l = this.linear(e);
    for (const [k, v] of [...l.terms]) if (this.isPageAligned(v.t)) l.terms.delete(k);
    const rest = this.fromLinear(l);
    if (numValue(rest) === 0n) return rest;
    if (this.isInPage(rest)) return rest;
    return makeTerm('call:offset_in_page', [rest]);
  }

  private physToPage(e: Term): Term {
    const l = this.linear(e);
    const bases = [...l.terms.values()].filter((v) => v.t.op === 'call:page_to_phys');
    if (bases.length === 1 && bases[0]!.k === 1n) {
      const base = bases[0]!.t;
      l.terms.delete(base.key);
      const rest = this.fromLinear(l);
      if (numValue(rest) === 0n || this.isInPage(rest)) return base.args[0]!;
    }
    return makeTerm('call:phys_to_page', [e]);
  }

  /** For a linear-map address `PAGE_OFFSET + E`, the physical address E. */
  private linearMapPhys(x: Term): Term | undefined {
    const l = this.linear(x);
    const base = l.terms.get(`id:${PAGE_OFFSET}`);
    if (!base || base.k !== 1n) return undefined;
    l.terms.delete(`id:${PAGE_OFFSET}`);
    return this.fromLinear(l);
  }

  private virtToPhys(x: Term): Term {
    const phys = this.linearMapPhys(x);
    if (phys) return phys;
    return this.add(this.pageToPhys(this.call('virt_to_page', [x])), this.offsetInPage(x));
  }
}

function readsMemory(t: Term): boolean {
  return t.op === 'deref' || t.op.startsWith('field:') || t.args.some(readsMemory);
}

/** DMA attribute bits are non-zero constants, and so is an or containing one. */
function isNonZero(t: Term): boolean {
  const v = numValue(t);
  if (v !== undefined) return v !== 0n;
  if (idName(t)?.startsWith('DMA_ATTR_')) return true;
  return t.op === '|' && t.args.some(isNonZero);
}

function byKey(a: Term, b: Term): number {
  return a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
}

function foldCompare(op: string, a: bigint, b: bigint): bigint | undefined {
  switch (op) {
    case '==':
      return a === b ? 1n : 0n;
    case '!=':
      return a !== b ? 1n : 0n;
    case '<':
      return a < b ? 1n : 0n;
    case '>':
      return a > b ? 1n : 0n;
    case '<=':
      return a <= b ? 1n : 0n;
    case '>=':
      return a >= b ? 1n : 0n;
    case '/':
      return b === 0n ? undefined : a / b;
    case '%':
      return b === 0n ? undefined : a % b;
    default:
      return undefined;
  }
}

/** `const struct foo  *` → `struct foo *`. */
export function normalizeType(text: string): string {
  return text
    .replace(/\b(?:const|volatile|__force|__iomem|__user|__rcu|__percpu|restrict|__restrict)\b/g, ' ')
    .replace(/\s+/g, ' ')
    .replace(/\s*\*\s*/g, ' *')
    .replace(/\*\s+\*/g, '**')
    .trim();
}

/** Parse a C integer literal (with suffixes); undefined for floats and others. */
export function parseIntegerLiteral(text: string): bigint | undefined {
  const t = text.replace(/[uUlL]+$/, '');
  try {
    if (/^0[xX][0-9a-fA-F]+$/.test(t)) return BigInt(t);
    if (/^0[bB][01]+$/.test(t)) return BigInt(t);
    if (/^0[0-7]+$/.test(t)) return BigInt(`0o${t.slice(1)}`);
    if (/^[0-9]+$/.test(t)) return BigInt(t);
  } catch {
    return undefined;
  }
  return undefined;
}
