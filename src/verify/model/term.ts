/**
 * Terms: the model's value of a C expression. A term is an operator and
 * arguments; leaves carry their content in the operator (`id:page`,
 * `num:4096`, `sym:kaddr:1`). Every term has a canonical key string, so
 * equality is key equality. Terms are built through `Canon` (canon.ts), which
 * applies the identities, so equal values get equal keys.
 */

export interface Term {
  readonly op: string;
  readonly args: readonly Term[];
  readonly key: string;
  /** Number of nodes, to bound growth through loops. */
  readonly size: number;
}

/** Terms larger than this are replaced by an opaque symbol named by a hash of the key. */
export const MAX_TERM_SIZE = 600;

export function makeTerm(op: string, args: readonly Term[] = []): Term {
  if (args.length === 0) return { op, args, key: op, size: 1 };
  let size = 1;
  for (const a of args) size += a.size;
  const key = `${op}(${args.map((a) => a.key).join(',')})`;
  if (size > MAX_TERM_SIZE) return { op: `big:${hashKey(key)}`, args: [], key: `big:${hashKey(key)}`, size: 1 };
  return { op, args, key, size };
}

function hashKey(s: string): string {
  // FNV-1a, 52 bits are plenty to tell large terms apart.
  let h = 0xcbf29ce484222325n;
  for (let i = 0; i < s.length; i++) {
    h ^= BigInt(s.charCodeAt(i));
    h = (h * 0x100000001b3n) & 0xfffffffffffffn;
  }
  return h.toString(36);
}

export function numTerm(v: bigint): Term {
  return makeTerm(`num:${v.toString()}`);
}

export function idTerm(name: string): Term {
  return makeTerm(`id:${name}`);
}

export function numValue(t: Term): bigint | undefined {
  return t.op.startsWith('num:') ? BigInt(t.op.slice(4)) : undefined;
}

export function idName(t: Term): string | undefined {
  return t.op.startsWith('id:') ? t.op.slice(3) : undefined;
}

/** Symbolic values the executor creates: a kmap address, a DMA handle, a call's result. */
export type SymbolKind = 'kaddr' | 'handle' | 'ret' | 'clobbered';

export function symTerm(kind: SymbolKind, id: number | string): Term {
  return makeTerm(`sym:${kind}:${id}`);
}

export function symbolOf(t: Term): { kind: SymbolKind; id: string } | undefined {
  if (!t.op.startsWith('sym:')) return undefined;
  const [, kind, ...rest] = t.op.split(':');
  return { kind: kind as SymbolKind, id: rest.join(':') };
}

/** Does `t` contain a subterm satisfying `pred`? */
export function someSubterm(t: Term, pred: (x: Term) => boolean): boolean {
  if (pred(t)) return true;
  for (const a of t.args) if (someSubterm(a, pred)) return true;
  return false;
}

/**
 * False when `t` holds no symbol of `kind`: a term's key spells every op
 * below it, so a symbol's op (`sym:kaddr:1`) is part of the key of each term
 * holding it. Most terms hold none, and the key says so without a walk.
 */
function mayHoldSymbol(t: Term, kind: SymbolKind): boolean {
  return t.key.includes(`sym:${kind}:`);
}

/** Ids of the symbols of `kind` inside `t`. */
export function symbolsIn(t: Term, kind: SymbolKind): number[] {
  const out: number[] = [];
  if (!mayHoldSymbol(t, kind)) return out;
  const visit = (x: Term) => {
    const s = symbolOf(x);
    if (s && s.kind === kind) out.push(Number(s.id));
    for (const a of x.args) visit(a);
  };
  visit(t);
  return out;
}

/**
 * Ids of the symbols of `kind` whose value (an address) `t` carries: a
 * symbol only read through (`*p`, `p[i]`, `p->f`) is not carried by the
 * value read, but `&p->f` and `&p[i]` carry it again.
 */
export function addressSymbolsIn(t: Term, kind: SymbolKind): number[] {
  const out: number[] = [];
  if (!mayHoldSymbol(t, kind)) return out;
  const visit = (x: Term, underAddr: boolean) => {
    if (x.op === 'deref' && !underAddr) return;
    const s = symbolOf(x);
    if (s && s.kind === kind) out.push(Number(s.id));
    const keep = x.op === 'addr' || (underAddr && x.op.startsWith('field:'));
    for (const a of x.args) visit(a, keep);
  };
  visit(t, false);
  return out;
}

/** A readable C-like rendering for messages. */
export function showTerm(t: Term): string {
  const op = t.op;
  if (t.args.length === 0) {
    if (op.startsWith('id:')) return op.slice(3);
    if (op.startsWith('num:')) return op.slice(4);
    if (op.startsWith('str:')) return op.slice(4);
    if (op.startsWith('sym:')) {
      const s = symbolOf(t)!;
      return s.kind === 'kaddr' ? `<kmap#${s.id}>` : s.kind === 'handle' ? `<dma#${s.id}>` : s.kind === 'ret' ? `<${s.id}>` : `<${s.kind}:${s.id}>`;
    }
    return op;
  }
  const a = t.args.map(showTerm);
  if (op === '+') return a.join(' + ').replace(/\+ -/g, '- ');
  if (op === 'neg') return `-${wrap(t.args[0]!, a[0]!)}`;
  if (['*', '|', '&', '^', '&&', '||'].includes(op)) return a.map((s, i) => wrap(t.args[i]!, s)).join(` ${op} `);
  if (op.startsWith('bin:')) return `${wrap(t.args[0]!, a[0]!)} ${op.slice(4)} ${wrap(t.args[1]!, a[1]!)}`;
  if (op.startsWith('un:')) return `${op.slice(3)}${wrap(t.args[0]!, a[0]!)}`;
  if (op.startsWith('call:')) return `${op.slice(5)}(${a.join(', ')})`;
  if (op.startsWith('field:')) {
    const obj = t.args[0]!;
    if (obj.op === 'deref') return `${wrap(obj.args[0]!, showTerm(obj.args[0]!))}->${op.slice(6)}`;
    return `${wrap(obj, a[0]!)}.${op.slice(6)}`;
  }
  if (op === 'deref') return `*${wrap(t.args[0]!, a[0]!)}`;
  if (op === 'addr') return `&${wrap(t.args[0]!, a[0]!)}`;
  if (op.startsWith('cast:')) return `(${op.slice(5)})${wrap(t.args[0]!, a[0]!)}`;
  if (op === '?:') return `${a[0]} ? ${a[1]} : ${a[2]}`;
  if (op === 'va') return `__va(${a[0]})`;
  return `${op}(${a.join(', ')})`;
}

function wrap(t: Term, s: string): string {
  return t.args.length === 0 || t.op.startsWith('call:') || t.op.startsWith('field:') ? s : `(${s})`;
}
