/**
 * Canonical terms: smart constructors, so that two expressions denoting the
 * same value get the same key. Sums and differences are linear forms
 * (flattened, like terms collected, constants folded, `+ 0` gone, operands
 * sorted); `*`, `|`, `&`, `^` are flattened and sorted; parentheses do not
 * exist in terms. Casts to integer and byte-pointer types are dropped
 * (pointer arithmetic through them is byte arithmetic); casts to other
 * pointer types are kept. The physical-address identities live in
 * phys-identities.ts.
 */
import { callWithIdentities, offsetInPage } from './phys-identities.js';
import { idName, idTerm, makeTerm, numTerm, numValue, symbolOf, type Term } from './term.js';

export { PURE_FUNCTIONS } from './phys-identities.js';

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
    // A mapped address compared with NULL.
    if ((op === '==' || op === '!=') && ((va === 0n && isNonZero(b) && symbolOf(b)) || (vb === 0n && isNonZero(a) && symbolOf(a)))) return this.num(op === '==' ? 0 : 1);
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
      // Terms have no side effects (calls are events of their own): `a && 0` is 0, `a || 1` is 1.
      return this.num(op === '&&' ? 0 : 1);
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

  // ---- calls: the identities (phys-identities.ts) ---------------------------

  call(name: string, args: readonly Term[]): Term {
    return callWithIdentities(this, name, args);
  }

  offsetInPage(e: Term): Term {
    return offsetInPage(this, e);
  }

  /** Is `t` known to be below PAGE_SIZE (an offset_in_page() or an assumed in-page term)? */
  isInPage(t: Term): boolean {
    return t.op === 'call:offset_in_page' || (this.assume.inPage?.has(t.key) ?? false);
  }

  /** `terms` with coefficients plus `c`, as a canonical sum. */
  combine(terms: readonly { t: Term; k: bigint }[], c = 0n): Term {
    const l: Linear = { c, terms: new Map() };
    for (const x of terms) this.accumulate(l, x.t, x.k);
    return this.fromLinear(l);
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
  // kmap*() never return NULL: `if (addr) kunmap_local(addr);` always unmaps.
  if (t.op.startsWith('sym:kaddr:')) return true;
  // An address inside a mapping (the mapping plus an offset) is a kernel address, never NULL.
  if (t.op === '+' && t.args.some((a) => a.op.startsWith('sym:kaddr:'))) return true;
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

/** normalizeType's answers: a file names few types, each many times. Emptied when it grows large. */
const normalizedTypes = new Map<string, string>();

/** `const struct foo  *` → `struct foo *`. */
export function normalizeType(text: string): string {
  let out = normalizedTypes.get(text);
  if (out === undefined) {
    if (normalizedTypes.size >= 4096) normalizedTypes.clear();
    normalizedTypes.set(text, (out = normalizeTypeText(text)));
  }
  return out;
}

function normalizeTypeText(text: string): string {
  return text
    .replace(/\b(?:const|volatile|__force|__iomem|__user|__rcu|__percpu|restrict|__restrict)\b/g, ' ')
    .replace(/\s+/g, ' ')
    .replace(/\s*\*\s*/g, ' *')
    .replace(/\*\s+\*/g, '**')
    .trim();
}

/** Parse a C integer literal (with suffixes); undefined for floats and others. */
export function parseIntegerLiteral(text: string): bigint | undefined {
  // Each form is checked before BigInt() sees it, so BigInt() cannot throw.
  const t = text.replace(/[uUlL]+$/, '');
  if (/^0[xX][0-9a-fA-F]+$/.test(t)) return BigInt(t);
  if (/^0[bB][01]+$/.test(t)) return BigInt(t);
  if (/^0[0-7]+$/.test(t)) return BigInt(`0o${t.slice(1)}`);
  if (/^[0-9]+$/.test(t)) return BigInt(t);
  return undefined;
}
