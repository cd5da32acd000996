/**
 * Is a mapping's whole region one copy or fill, so that a highmem.h helper
 * replaces map + mem*() + unmap (reference §3.7)?
 *
 *   kaddr = kmap_atomic(page);            memcpy_from_page(dst, page, off, len);
 *   memcpy(dst, kaddr + off, len);   →
 *   kunmap_atomic(kaddr);
 *
 * memcpy out → memcpy_from_page, memcpy in → memcpy_to_page, memset 0 →
 * memzero_page, memset c → memset_page, two mappings and one memcpy between
 * them → memcpy_page. The statements must be consecutive in one block, the
 * holder a local used nowhere else, the arguments free of side effects, and
 * offset + len <= PAGE_SIZE provable; otherwise the reason is returned and the
 * caller keeps the plain kmap_local form.
 */
import { parentOf, siblingOf } from '../../../core/tree/ancestry.js';
import type { SyntaxNode } from '../../../core/syntax.js';
import { tokenText } from '../../../engine/analyze/flow/cfg.js';
import { declaredIdentifier } from '../../../engine/analyze/flow/events.js';
import { callArguments, callName, functionName, unparen } from '../../../engine/analyze/syntax.js';
import { fitsInPage } from './bounds.js';
import type { KmapAnalysis, MapFacts } from './lifetimes.js';

export type HelperName = 'memcpy_from_page' | 'memcpy_to_page' | 'memzero_page' | 'memset_page' | 'memcpy_page' | 'clear_highpage';

/** One argument of the helper: a node's text, optionally cast to a byte pointer. */
export interface HelperArgument {
  readonly node?: SyntaxNode;
  /** Literal text when there is no node (`0` for a missing offset). */
  readonly text?: string;
  /** Prefix `(char *)` / `(const char *)`: the original pointer's type is not known to be a byte or void pointer. */
  readonly cast?: 'char *' | 'const char *';
}

export interface SingleCopy {
  readonly helper: HelperName;
  readonly args: readonly HelperArgument[];
  /** First and last statement replaced by the helper call. */
  readonly first: SyntaxNode;
  /** `first` among its block's siblings (the labeled statement around it, if any). */
  readonly anchor: SyntaxNode;
  readonly last: SyntaxNode;
  /** Map sites (indices) the helper absorbs. */
  readonly maps: readonly number[];
  readonly unmaps: readonly number[];
  /** Separate declarations of the holder variables, now unused. */
  readonly removeDeclarations: readonly SyntaxNode[];
  /** memcpy_to_page/memzero_page flush the page: was a flush_dcache_page() there already (now absorbed), or is it added? */
  readonly flush: 'absorbed' | 'added' | 'none';
  /** The access the region made, when not the helper's usual memcpy()/memset() (clear_highpage() from clear_page()). */
  readonly access?: 'clear_page';
}

export type SingleCopyResult = { readonly ok: true; readonly copy: SingleCopy } | { readonly ok: false; readonly why: string };

const BYTE_TYPES = new Set(['void', 'char', 'unsigned char', 'signed char', 'u8', 's8', '__u8', '__s8', 'uint8_t', 'int8_t', 'const void', 'const char', 'const u8', 'const unsigned char']);

/** Calls allowed inside helper arguments: they are pure, so evaluating them in another order changes nothing. */
const PURE_IN_ARGUMENTS = new Set([
  'sg_page',
  'offset_in_page',
  'virt_to_page',
  'pfn_to_page',
  'folio_page',
  'nth_page',
  'bio_page',
  'bio_offset',
  'skb_frag_page',
  'skb_frag_off',
  'skb_frag_size',
  'min',
  'max',
  'min_t',
  'max_t',
  'umin',
  'sizeof',
  'le16_to_cpu',
  'le32_to_cpu',
  'le64_to_cpu',
  'be16_to_cpu',
  'be32_to_cpu',
  'be64_to_cpu',
  'cpu_to_le16',
  'cpu_to_le32',
  'cpu_to_le64',
  'cpu_to_be16',
  'cpu_to_be32',
  'cpu_to_be64',
  'ALIGN',
  'PAGE_ALIGN',
  'round_up',
  'round_down',
]);

function sideEffectFree(node: SyntaxNode): boolean {
  if (node.type === 'assignment_expression' || node.type === 'update_expression') return false;
  if (node.type === 'call_expression' && !PURE_IN_ARGUMENTS.has(callName(node) ?? '')) return false;
  return node.namedChildren.every((c) => c.type === 'comment' || sideEffectFree(c));
}

function mentions(node: SyntaxNode, name: string): boolean {
  if (node.type === 'identifier' && node.text === name) return true;
  return node.namedChildren.some((c) => mentions(c, name));
}

/** A statement's position among its siblings in a block. */
function nextStatement(s: SyntaxNode): SyntaxNode | undefined {
  const n = siblingOf(s, 1, true);
  return n ?? undefined;
}

function isBlock(n: SyntaxNode | null): boolean {
  return n?.type === 'compound_statement' || n?.type === 'case_statement';
}

function statementCall(s: SyntaxNode | undefined, names: readonly string[]): SyntaxNode | undefined {
  if (s?.type !== 'expression_statement') return undefined;
  const e = s.namedChildren[0];
  if (s.namedChildCount !== 1 || e?.type !== 'call_expression') return undefined;
  return names.includes(callName(e) ?? '') ? e : undefined;
}

interface MapStatement {
  readonly stmt: SyntaxNode;
  /** The statement among its block's siblings: `stmt`, or the labeled statement wrapping it (`out: x = kmap(p);`). */
  readonly anchor: SyntaxNode;
  readonly holder: string;
  /** Offset added at the map (`kmap_atomic(p) + off`). */
  readonly offset?: SyntaxNode;
  /** The declaration of the holder when it is not the map statement itself. */
  readonly declaredIn?: SyntaxNode;
}

/** `x = map(P);`, `x = map(P) + off;` or `T *x = map(P) [+ off];`. */
function mapStatement(m: MapFacts): MapStatement | undefined {
  let value: SyntaxNode = m.site.call;
  for (let up = parentOf(value); up?.type === 'parenthesized_expression'; up = parentOf(value)) value = up;
  let offset: SyntaxNode | undefined;
  // kmap*() returns void *: `+ off` moves by bytes (a cast first would change the scale).
  const sum = parentOf(value);
  if (sum?.type === 'binary_expression' && sum.childForFieldName('operator')?.type === '+' && sum.childForFieldName('left')?.id === value.id) {
    offset = sum.childForFieldName('right') ?? undefined;
    value = sum;
  }
  for (let up = parentOf(value); up && (up.type === 'parenthesized_expression' || up.type === 'cast_expression'); up = parentOf(value)) value = up;
  const p = parentOf(value);
  const pp = p ? parentOf(p) : null;
  if (p?.type === 'assignment_expression' && p.childForFieldName('operator')?.text === '=' && p.childForFieldName('right')?.id === value.id) {
    const left = p.childForFieldName('left');
    if (left?.type !== 'identifier' || pp?.type !== 'expression_statement') return undefined;
    return { stmt: pp, anchor: anchorOf(pp), holder: left.text, ...(offset ? { offset } : {}) };
  }
  if (p?.type === 'init_declarator' && pp?.type === 'declaration' && pp.childrenForFieldName('declarator').length === 1) {
    const id = declaredIdentifier(p.childForFieldName('declarator'));
    if (!id) return undefined;
    return { stmt: pp, anchor: pp, holder: id.text, ...(offset ? { offset } : {}) };
  }
  return undefined;
}

function anchorOf(stmt: SyntaxNode): SyntaxNode {
  const up = parentOf(stmt);
  return up?.type === 'labeled_statement' ? up : stmt;
}

interface Address {
  readonly offset?: SyntaxNode;
  /** The offset counts bytes: the holder (or the cast applied to it) is a byte or void pointer. */
  readonly bytes: boolean;
}

/** `x`, `x + off`, `(u8 *)x + off`: the mapped address plus an offset. */
function addressOf(expr: SyntaxNode, holder: string, analysis: KmapAnalysis): Address | undefined {
  const n = unparen(expr);
  if (stripCasts(n).type === 'identifier' && stripCasts(n).text === holder) return { bytes: true };
  if (n.type === 'binary_expression' && n.childForFieldName('operator')?.type === '+') {
    const left = unparen(n.childForFieldName('left')!);
    if (stripCasts(left).type !== 'identifier' || stripCasts(left).text !== holder) return undefined;
    const bytes = left.type === 'cast_expression' ? isByteCast(left) : holderIsBytePointer(holder, analysis);
    return { offset: n.childForFieldName('right')!, bytes };
  }
  return undefined;
}

function isByteCast(cast: SyntaxNode): boolean {
  return /^(?:const )?(?:void|char|unsigned char|u8|__u8|uint8_t)\s*\*$/.test(cast.childForFieldName('type')?.text.replace(/\s+/g, ' ') ?? '');
}

function stripCasts(n: SyntaxNode): SyntaxNode {
  let x = n;
  while (x.type === 'cast_expression' || x.type === 'parenthesized_expression') {
    const inner: SyntaxNode | null | undefined = x.type === 'cast_expression' ? x.childForFieldName('value') : x.namedChildren[0];
    if (!inner) break;
    x = inner;
  }
  return x;
}

/** Where a side of the copy points: the map statement's offset or the copy's, never both. */
function sideOffset(ms: MapStatement, at: Address): { ok: true; offset?: SyntaxNode } | { ok: false; why: string } {
  if (ms.offset && at.offset) return { ok: false, why: 'offsets added both at the map and at the copy' };
  if (at.offset && !at.bytes) return { ok: false, why: `${ms.holder} is not a byte pointer, so ${ms.holder} + offset is not a byte offset` };
  const offset = at.offset ?? ms.offset;
  return offset ? { ok: true, offset } : { ok: true };
}

/** Is `expr` known to be a byte or void pointer (no cast needed for a char * parameter)? */
function isBytePointer(expr: SyntaxNode, analysis: KmapAnalysis): boolean {
  const n = unparen(expr);
  if (n.type === 'identifier') {
    const v = analysis.scope.variables.get(n.text);
    return !!v && BYTE_TYPES.has(v.baseType.replace(/^(?:const |volatile )+/, '')) && (v.pointerDepth === 1 || (v.isArray && v.pointerDepth === 0));
  }
  if (n.type === 'binary_expression' && ['+', '-'].includes(n.childForFieldName('operator')?.type ?? '')) return isBytePointer(n.childForFieldName('left')!, analysis);
  if (n.type === 'cast_expression') return /^(?:const )?(?:void|char|u8|unsigned char)\s*\*$/.test(n.childForFieldName('type')?.text.replace(/\s+/g, ' ') ?? '');
  return false;
}

/** Is the holder a byte/void pointer, so `holder + off` moves by bytes? */
function holderIsBytePointer(name: string, analysis: KmapAnalysis): boolean {
  const v = analysis.scope.variables.get(name);
  return !!v && BYTE_TYPES.has(v.baseType.replace(/^(?:const |volatile )+/, '')) && v.pointerDepth === 1 && !v.isArray;
}

/** Every use of `name` in the function lies inside `within` or is its declaration. */
function usedOnlyIn(name: string, analysis: KmapAnalysis, within: readonly SyntaxNode[], declaration?: SyntaxNode): boolean {
  const body = analysis.fn.childForFieldName('body');
  for (const id of body?.descendantsOfType('identifier') ?? []) {
    if (id.text !== name) continue;
    const inside = (n: SyntaxNode) => n.startIndex <= id.startIndex && id.endIndex <= n.endIndex;
    if (within.some(inside)) continue;
    if (declaration && inside(declaration)) continue;
    return false;
  }
  return true;
}

function hasCommentBetween(first: SyntaxNode, last: SyntaxNode): boolean {
  for (let s: SyntaxNode | null = first; s && s.startIndex <= last.startIndex; s = siblingOf(s, 1, false)) {
    if (s.type === 'comment' || s.descendantsOfType('comment').length > 0) return true;
  }
  return false;
}

export function findSingleCopy(analysis: KmapAnalysis, site: number): SingleCopyResult {
  const m = analysis.maps[site]!;
  const name = m.site.api.name;
  if (name !== 'kmap_atomic' && name !== 'kmap') return { ok: false, why: `${name}() has no helper form` };
  if (m.unmaps.size !== 1 || m.leaks.size > 0 || m.conditional || m.remappedWhileLive) return { ok: false, why: 'the mapping is not one straight-line region' };
  const page = m.site.page;
  if (!page || !sideEffectFree(page)) return { ok: false, why: 'the page expression has side effects' };
  const ms = mapStatement(m);
  if (!ms) return findInlineClearPage(analysis, m, page);
  if (!isBlock(parentOf(ms.anchor))) return { ok: false, why: 'the mapped address is not assigned to a local in its own statement' };

  // Two mappings in a row and one memcpy between them: memcpy_page().
  const second = nextStatement(ms.anchor);
  const other = second ? analysis.maps.find((x) => x.site.index !== site && mapStatement(x)?.stmt.id === second.id) : undefined;
  if (other) return findCopyPage(analysis, m, ms, other);

  const copy = nextStatement(ms.anchor);
  const copyCall = statementCall(copy, ['memcpy', 'memset', 'clear_page']);
  if (!copy || !copyCall) return { ok: false, why: 'the region is more than one memcpy()/memset()/clear_page()' };
  const unmapIndex = [...m.unmaps][0]!;
  const u = analysis.unmaps[unmapIndex]!;
  const unmapCallee = u.site.api.name;
  let unmapStmt = nextStatement(copy);
  let flushBefore: SyntaxNode | undefined;
  if (statementCall(unmapStmt, ['flush_dcache_page']) && sameText(callArguments(statementCall(unmapStmt, ['flush_dcache_page'])!)[0], page)) {
    flushBefore = unmapStmt;
    unmapStmt = nextStatement(unmapStmt!);
  }
  if (!unmapStmt || statementCall(unmapStmt, [unmapCallee])?.id !== u.site.call.id || u.pairs.size !== 1 || u.unpaired) {
    return { ok: false, why: 'the unmap does not directly follow the copy' };
  }
  const after = nextStatement(unmapStmt);
  const flushAfterCall = statementCall(after, ['flush_dcache_page']);
  const flushAfter = flushAfterCall && sameText(callArguments(flushAfterCall)[0], page) ? after : undefined;

  if (callName(copyCall) === 'clear_page') {
    const why = clearHighpageRefusal(analysis, copyCall, (a) => addressOf(a, ms.holder, analysis), flushBefore) ?? (ms.offset ? 'the page is cleared from an offset into the mapping' : undefined);
    if (why) return { ok: false, why };
    // A flush after the unmap stays where it is: clear_highpage() does not flush, and neither did the region.
    return finish(analysis, { helper: 'clear_highpage', access: 'clear_page', args: [{ node: page }], first: ms.stmt, anchor: ms.anchor, last: unmapStmt, maps: [site], unmaps: [unmapIndex], flush: 'none' }, [ms]);
  }
  const args = callArguments(copyCall);
  if (args.length !== 3) return { ok: false, why: 'memcpy()/memset() with unexpected arguments' };
  const [a0, a1, a2] = args as [SyntaxNode, SyntaxNode, SyntaxNode];
  if (!args.every(sideEffectFree)) return { ok: false, why: 'the copy\'s arguments have side effects' };
  const holder = ms.holder;
  const isCopy = callName(copyCall) === 'memcpy';
  let helper: HelperName;
  let at: Address;
  const dst = addressOf(a0, holder, analysis);
  const src = isCopy ? addressOf(a1, holder, analysis) : undefined;
  if (mentions(a2, holder)) return { ok: false, why: 'the length depends on the mapped address' };
  if (dst && !mentions(a1, holder)) {
    at = dst;
    if (isCopy) helper = 'memcpy_to_page';
    else helper = isLiteralZero(a1) ? 'memzero_page' : 'memset_page';
  } else if (src && !mentions(a0, holder)) {
    at = src;
    helper = 'memcpy_from_page';
  } else {
    return { ok: false, why: 'the copy does not read or write the mapped page through its holder' };
  }
  const side = sideOffset(ms, at);
  if (!side.ok) return side;
  const offset = side.offset;
  let result: HelperArgument[];
  if (!fitsInPage(offset, a2)) return { ok: false, why: 'offset + length is not provably within the page' };
  const off: HelperArgument = offset ? { node: offset } : { text: '0' };
  switch (helper) {
    case 'memcpy_from_page':
      result = [{ node: a0, ...(isBytePointer(a0, analysis) ? {} : { cast: 'char *' as const }) }, { node: page }, off, { node: a2 }];
      break;
    case 'memcpy_to_page':
      result = [{ node: page }, off, { node: a1, ...(isBytePointer(a1, analysis) ? {} : { cast: 'const char *' as const }) }, { node: a2 }];
      break;
    case 'memzero_page':
      result = [{ node: page }, off, { node: a2 }];
      break;
    default:
      result = [{ node: page }, off, { node: a1 }, { node: a2 }];
  }
  // A whole page zeroed from its start, with no flush next to it: clear_highpage() is
  // kmap_local_page() + clear_page() + kunmap_local(), the same bytes and, like the
  // original, no flush_dcache_page() (memzero_page() would add one).
  if (helper === 'memzero_page' && !offset && unparen(a2).type === 'identifier' && unparen(a2).text === 'PAGE_SIZE' && !flushBefore && !flushAfter) {
    helper = 'clear_highpage';
    result = [{ node: page }];
  }
  const flushes = helper === 'memcpy_to_page' || helper === 'memzero_page';
  const absorbedFlush = flushes ? (flushBefore ?? flushAfter) : undefined;
  if (flushBefore && !flushes) return { ok: false, why: 'a flush_dcache_page() sits inside the region' };
  const last = absorbedFlush && absorbedFlush === flushAfter ? flushAfter! : unmapStmt;
  return finish(analysis, {
    helper,
    args: result,
    first: ms.stmt,
    anchor: ms.anchor,
    last,
    maps: [site],
    unmaps: [unmapIndex],
    flush: !flushes ? 'none' : absorbedFlush ? 'absorbed' : 'added',
  }, [ms]);
}

/**
 * Why a clear_page() region is not clear_highpage() (undefined: it is).
 * clear_highpage(p) is `kaddr = kmap_local_page(p); clear_page(kaddr);
 * kunmap_local(kaddr);` on every architecture (include/linux/highmem.h has no
 * override for it): the same zero bytes through the same kind of mapping and
 * no cache maintenance. So the region must clear the mapped address itself,
 * with no flush_dcache_page() inside it (clear_highpage() would move it after
 * the unmap). An architecture's clear_user_highpage()/clear_user_page()
 * implementation is left as it is: the user variant exists for the cache
 * aliases of the user address, and its body spelled as the kernel clear would
 * read as if that did not matter.
 */
function clearHighpageRefusal(analysis: KmapAnalysis, clear: SyntaxNode, address: (a: SyntaxNode) => Address | undefined, flushInside: SyntaxNode | undefined): string | undefined {
  const args = callArguments(clear);
  if (args.length !== 1) return 'clear_page() with unexpected arguments';
  const at = address(args[0]!);
  if (!at) return 'clear_page() is not given the mapped address';
  if (at.offset) return 'the page is cleared from an offset into the mapping';
  if (flushInside) return 'a flush_dcache_page() sits inside the region';
  const fn = functionName(analysis.fn);
  if (fn && /clear_user_(?:high)?page/.test(fn)) return `${fn}() implements the user-page clear (cache aliases of the user address), not the kernel one`;
  return undefined;
}

/**
 * `clear_page(kmap(p)); kunmap(p);`: the map's address goes straight into
 * clear_page() and the next statement unmaps the page; clear_highpage(p).
 */
function findInlineClearPage(analysis: KmapAnalysis, m: MapFacts, page: SyntaxNode): SingleCopyResult {
  const notHeld = { ok: false as const, why: 'the mapped address is not assigned to a local in its own statement' };
  let arg: SyntaxNode = m.site.call;
  for (let up = parentOf(arg); up && (up.type === 'parenthesized_expression' || up.type === 'cast_expression'); up = parentOf(arg)) arg = up;
  const list = parentOf(arg);
  const clear = list?.type === 'argument_list' ? parentOf(list) : undefined;
  const stmt = clear ? parentOf(clear) : undefined;
  if (!clear || !stmt || statementCall(stmt, ['clear_page'])?.id !== clear.id || !isBlock(parentOf(anchorOf(stmt)))) return notHeld;
  const unmapIndex = [...m.unmaps][0]!;
  const u = analysis.unmaps[unmapIndex]!;
  let unmapStmt = nextStatement(stmt);
  let flushInside: SyntaxNode | undefined;
  if (statementCall(unmapStmt, ['flush_dcache_page'])) {
    flushInside = unmapStmt;
    unmapStmt = nextStatement(unmapStmt!);
  }
  if (!unmapStmt || statementCall(unmapStmt, [u.site.api.name])?.id !== u.site.call.id || u.pairs.size !== 1 || u.unpaired) {
    return { ok: false, why: 'the unmap does not directly follow the clear_page()' };
  }
  const why = clearHighpageRefusal(analysis, clear, (a) => (a.id === arg.id ? { bytes: true } : undefined), flushInside);
  if (why) return { ok: false, why };
  return finish(analysis, { helper: 'clear_highpage', access: 'clear_page', args: [{ node: page }], first: stmt, anchor: anchorOf(stmt), last: unmapStmt, maps: [m.site.index], unmaps: [unmapIndex], flush: 'none' }, []);
}

function findCopyPage(analysis: KmapAnalysis, a: MapFacts, as: MapStatement, b: MapFacts): SingleCopyResult {
  const bs = mapStatement(b)!;
  if (b.site.api.name !== a.site.api.name || b.unmaps.size !== 1 || b.leaks.size > 0 || b.conditional || !b.site.page || !sideEffectFree(b.site.page)) {
    return { ok: false, why: 'the second mapping is not a plain one' };
  }
  const copy = nextStatement(bs.anchor);
  const copyCall = statementCall(copy, ['memcpy']);
  if (!copy || !copyCall) return { ok: false, why: 'the region is more than one memcpy()' };
  const u1 = nextStatement(copy);
  const u2 = u1 ? nextStatement(u1) : undefined;
  const unmapCalls = [statementCall(u1, ['kunmap_atomic', 'kunmap']), statementCall(u2, ['kunmap_atomic', 'kunmap'])];
  const ua = [...a.unmaps][0]!;
  const ub = [...b.unmaps][0]!;
  const ids = new Set(unmapCalls.map((c) => c?.id));
  if (!ids.has(analysis.unmaps[ua]!.site.call.id) || !ids.has(analysis.unmaps[ub]!.site.call.id)) return { ok: false, why: 'the unmaps do not directly follow the copy' };
  const args = callArguments(copyCall);
  if (args.length !== 3 || !args.every(sideEffectFree)) return { ok: false, why: 'memcpy() with unexpected arguments' };
  const [d, s, len] = args as [SyntaxNode, SyntaxNode, SyntaxNode];
  if (mentions(len, as.holder) || mentions(len, bs.holder)) return { ok: false, why: 'the length depends on a mapped address' };
  let dst: { ms: MapStatement; m: MapFacts; at: Address };
  let src: { ms: MapStatement; m: MapFacts; at: Address };
  const ad = addressOf(d, as.holder, analysis);
  const bs_ = addressOf(s, bs.holder, analysis);
  const bd = addressOf(d, bs.holder, analysis);
  const as_ = addressOf(s, as.holder, analysis);
  if (ad && bs_) {
    dst = { ms: as, m: a, at: ad };
    src = { ms: bs, m: b, at: bs_ };
  } else if (bd && as_) {
    dst = { ms: bs, m: b, at: bd };
    src = { ms: as, m: a, at: as_ };
  } else {
    return { ok: false, why: 'the memcpy() does not copy between the two mapped pages' };
  }
  const dOff = sideOffset(dst.ms, dst.at);
  if (!dOff.ok) return dOff;
  const sOff = sideOffset(src.ms, src.at);
  if (!sOff.ok) return sOff;
  if (!fitsInPage(dOff.offset, len) || !fitsInPage(sOff.offset, len)) return { ok: false, why: 'offset + length is not provably within the page' };
  return finish(
    analysis,
    {
      helper: 'memcpy_page',
      args: [{ node: dst.m.site.page! }, dOff.offset ? { node: dOff.offset } : { text: '0' }, { node: src.m.site.page! }, sOff.offset ? { node: sOff.offset } : { text: '0' }, { node: len }],
      first: as.stmt,
      anchor: as.anchor,
      last: u2!,
      maps: [a.site.index, b.site.index],
      unmaps: [ua, ub],
      flush: 'none',
    },
    [as, bs],
  );
}

/** Holders must be used nowhere else; their separate declarations go. */
function finish(analysis: KmapAnalysis, draft: Omit<SingleCopy, 'removeDeclarations'>, holders: readonly MapStatement[]): SingleCopyResult {
  if (hasCommentBetween(draft.anchor, draft.last)) return { ok: false, why: 'comments inside the region would be lost' };
  const span: SyntaxNode[] = [];
  for (let s: SyntaxNode | null = draft.anchor; s && s.startIndex <= draft.last.startIndex; s = siblingOf(s, 1, true)) span.push(s);
  const unused = new Map<string, SyntaxNode>(); // holder → its separate declaration, to remove
  for (const [i, h] of holders.entries()) {
    const v = analysis.scope.variables.get(h.holder);
    if (!v || v.kind !== 'local' || v.shadowed || analysis.scope.addressTaken.has(h.holder)) return { ok: false, why: `${h.holder} is not a plain local` };
    const declaredHere = span.some((s) => s.id === v.declaration.id);
    if (usedOnlyIn(h.holder, analysis, span, declaredHere ? undefined : v.declaration)) {
      if (!declaredHere) {
        if (v.declarator.type === 'init_declarator') return { ok: false, why: `${h.holder} is declared with an initializer` };
        unused.set(h.holder, v.declaration);
      }
      continue;
    }
    // Used elsewhere too (another region): fine if nothing reads the value this region left in it.
    if (declaredHere) return { ok: false, why: `${h.holder} is declared in the region and used after it` };
    const site = draft.maps[i]!;
    if (analysis.maps[site]!.readAfterUnmap.length > 0) return { ok: false, why: `${h.holder} is read after the region before being assigned again` };
  }
  // A declaration goes only when every variable it declares goes.
  const removeDeclarations: SyntaxNode[] = [];
  for (const decl of new Set(unused.values())) {
    const names = decl.childrenForFieldName('declarator').map((d) => declaredIdentifier(d.type === 'init_declarator' ? d.childForFieldName('declarator') : d)?.text);
    if (!names.every((n) => n !== undefined && unused.get(n)?.id === decl.id)) return { ok: false, why: `${[...unused.keys()].join(', ')} is declared together with other variables` };
    removeDeclarations.push(decl);
  }
  // A declaration replaced by a statement must not be followed by declarations (-Wdeclaration-after-statement).
  if (draft.first.type === 'declaration') {
    for (let s = siblingOf(draft.last, 1, true); s; s = siblingOf(s, 1, true)) {
      if (s.type === 'declaration') return { ok: false, why: 'declarations follow the region' };
    }
  }
  return { ok: true, copy: { ...draft, removeDeclarations } };
}

function isLiteralZero(n: SyntaxNode): boolean {
  const x = unparen(n);
  return (x.type === 'number_literal' && /^0+[uUlL]*$/.test(x.text)) || (x.type === 'char_literal' && /^'\\0+'$/.test(x.text));
}

function sameText(a: SyntaxNode | undefined, b: SyntaxNode): boolean {
  return a !== undefined && tokenText(unparen(a)) === tokenText(unparen(b));
}
