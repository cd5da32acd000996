/**
 * Where a DMA handle goes (reference §5: "convert a map call and its matching
 * unmap together"). The handle a map returns is followed to the lvalue that
 * holds it — a local, a global, a struct field (`tx_buf->dma`), an array
 * element (`unmap->addr[0]`, keyed by its array) — and through the function's
 * own copies into fields (`buf->dma = addr`, `dma_unmap_addr_set(buf, dma,
 * addr)`). An unmap's handle argument is followed back the same way
 * (`dma_unmap_addr(buf, dma)`, a local loaded from a field). Sites sharing a
 * key are partners: they convert together or not at all.
 *
 * Keys: `L:<function start>:<name>` a local of one function, `G:<name>` a
 * file-scope variable, `P:<function start>:<name>` a parameter (all three
 * file-local), `F:<directory>:<field>` a struct
 * field or array member, shared by the files of one directory (one driver,
 * usually). A handle that leaves the function through a pointer or a return
 * is not followed (`followed: false`).
 */
import type { SyntaxNode } from '../../core/syntax.js';
import { callArguments, callName, functionOf, unparen, unwrapCasts } from '../../engine/analyze/syntax.js';

export interface HandleKeys {
  readonly keys: readonly string[];
  /** False when the handle leaves the function (returned, stored through a pointer, passed on). */
  readonly followed: boolean;
}

/** DMA map helpers the tool never converts: their unmaps keep the page API. */
export const KEPT_PRODUCERS = new Set(['skb_frag_dma_map', 'dma_map_bvec', 'dma_map_single', 'dma_map_single_attrs']);

function dirOf(path: string): string {
  const i = path.lastIndexOf('/');
  return i < 0 ? '.' : path.slice(0, i);
}

/** Byte-order conversions a handle passes through on its way to a descriptor (`txd->buffer = cpu_to_le64(mapping)`). */
const BYTE_ORDER = /^(?:cpu_to_[lb]e(?:16|32|64)|[lb]e(?:16|32|64)_to_cpu)$/;

function stripValue(node: SyntaxNode): SyntaxNode {
  let n = unwrapCasts(unparen(node));
  while (n.type === 'call_expression' && BYTE_ORDER.test(callName(n) ?? '') && callArguments(n).length === 1) n = unwrapCasts(callArguments(n)[0]!);
  return n;
}

/** The key of an lvalue expression, or undefined when it is not one we follow. */
function lvalueKey(node: SyntaxNode, path: string, fn: SyntaxNode | undefined): string | undefined {
  const n = stripValue(node);
  if (n.type === 'field_expression') {
    const field = n.childForFieldName('field')?.text;
    return field ? `F:${dirOf(path)}:${field}` : undefined;
  }
  if (n.type === 'subscript_expression') {
    const array = n.childForFieldName('argument');
    return array ? lvalueKey(array, path, fn) : undefined;
  }
  if (n.type === 'identifier') {
    if (fn && declaresLocal(fn, n.text)) return `L:${fn.startIndex}:${n.text}`;
    if (fn && isParameter(fn, n.text)) return `P:${fn.startIndex}:${n.text}`;
    return `G:${n.text}`;
  }
  if (n.type === 'call_expression' && callName(n) === 'dma_unmap_addr') {
    const args = callArguments(n);
    return args.length === 2 ? `F:${dirOf(path)}:${args[1]!.text}` : undefined;
  }
  return undefined;
}

/** Is `name` declared in the function's body (not a parameter)? */
function declaresLocal(fn: SyntaxNode, name: string): boolean {
  const body = fn.childForFieldName('body');
  if (!body) return false;
  for (const d of body.descendantsOfType('declaration')) {
    for (const decl of d.namedChildren) {
      if (declaredName(decl) === name) return true;
    }
  }
  return false;
}

function declaredName(decl: SyntaxNode): string | undefined {
  let n: SyntaxNode | null = decl;
  while (n && n.type !== 'identifier') {
    if (n.type === 'init_declarator' || n.type === 'pointer_declarator' || n.type === 'array_declarator') n = n.childForFieldName('declarator');
    else return undefined;
  }
  return n?.text;
}

/** The lvalue the value of `call` is stored into: `X = call`, `T X = call`. */
function storedInto(call: SyntaxNode): SyntaxNode | 'returned' | undefined {
  let n = call;
  while (n.parent && (n.parent.type === 'parenthesized_expression' || n.parent.type === 'cast_expression')) n = n.parent;
  const p = n.parent;
  if (!p) return undefined;
  if (p.type === 'assignment_expression' && p.childForFieldName('right')?.id === n.id && p.childForFieldName('operator')?.text === '=') {
    return p.childForFieldName('left') ?? undefined;
  }
  if (p.type === 'init_declarator' && p.childForFieldName('value')?.id === n.id) return p.childForFieldName('declarator') ?? undefined;
  if (p.type === 'return_statement') return 'returned';
  return undefined;
}

/** Copies of a local inside its function: `F = local` and `dma_unmap_addr_set(p, f, local)` add F's key; `local = F` too. */
function copiesOf(key: string, fn: SyntaxNode, path: string): string[] {
  if (!key.startsWith('L:') && !key.startsWith('P:')) return [];
  const name = key.slice(key.indexOf(':', 2) + 1);
  const out: string[] = [];
  const body = fn.childForFieldName('body');
  if (!body) return out;
  for (const a of body.descendantsOfType('assignment_expression')) {
    const left = a.childForFieldName('left');
    const right = a.childForFieldName('right');
    if (!left || !right) continue;
    const l = stripValue(left);
    const r = stripValue(right);
    if (r.type === 'identifier' && r.text === name && l.type !== 'identifier') {
      const k = lvalueKey(l, path, fn);
      if (k) out.push(k);
    }
    if (l.type === 'identifier' && l.text === name && r.type !== 'identifier') {
      const k = lvalueKey(r, path, fn);
      if (k?.startsWith('F:')) out.push(k);
    }
  }
  for (const d of body.descendantsOfType('init_declarator')) {
    if (declaredName(d) !== name) continue;
    const v = d.childForFieldName('value');
    const k = v ? lvalueKey(v, path, fn) : undefined;
    if (k?.startsWith('F:')) out.push(k);
  }
  for (const c of body.descendantsOfType('call_expression')) {
    if (callName(c) !== 'dma_unmap_addr_set') continue;
    const args = callArguments(c);
    if (args.length === 3 && stripValue(args[2]!).text === name) out.push(`F:${dirOf(path)}:${args[1]!.text}`);
  }
  return out;
}

/** The keys of the handle a map call returns. */
export function mapHandle(call: SyntaxNode, path: string): HandleKeys {
  const fn = functionOf(call);
  const into = storedInto(call);
  if (!into || into === 'returned') return { keys: [], followed: false };
  const target = stripValue(into);
  if (target.type === 'pointer_expression') return { keys: [], followed: false };
  const key = lvalueKey(target, path, fn);
  if (!key || key.startsWith('P:')) return { keys: [], followed: false };
  return { keys: [key, ...(fn ? copiesOf(key, fn, path) : [])], followed: true };
}

/** The keys of the handle an unmap call releases (its second argument). */
export function unmapHandle(handle: SyntaxNode, path: string): HandleKeys {
  const fn = functionOf(handle);
  const h = stripValue(handle);
  const key = lvalueKey(h, path, fn);
  if (!key) return { keys: [], followed: false };
  // A parameter or a local never written from a field here came from elsewhere: only its fields are followed.
  const copies = fn ? copiesOf(key, fn, path) : [];
  return { keys: [key, ...copies], followed: !key.startsWith('P:') || copies.length > 0 };
}

function isParameter(fn: SyntaxNode, name: string): boolean {
  const params = fn.childForFieldName('declarator')?.childForFieldName('parameters');
  return params ? params.namedChildren.some((p) => p.childForFieldName('declarator') && declaredName(innermost(p.childForFieldName('declarator')!)) === name) : false;
}

function innermost(d: SyntaxNode): SyntaxNode {
  let n = d;
  while (n.type === 'pointer_declarator' || n.type === 'array_declarator') n = n.childForFieldName('declarator') ?? n;
  return n;
}

/** Maps by helpers the tool keeps (skb_frag_dma_map, ...): their handles' keys, with the call. */
export function keptProducers(root: SyntaxNode, path: string, text: string): { call: SyntaxNode; keys: readonly string[] }[] {
  if (![...KEPT_PRODUCERS].some((p) => text.includes(p))) return [];
  const out: { call: SyntaxNode; keys: readonly string[] }[] = [];
  for (const c of root.descendantsOfType('call_expression')) {
    const name = callName(c);
    if (!name || !KEPT_PRODUCERS.has(name)) continue;
    const h = mapHandle(c, path);
    if (h.keys.length > 0) out.push({ call: c, keys: h.keys });
  }
  return out;
}
