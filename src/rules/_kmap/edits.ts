/**
 * The edits behind a kmap conversion that go beyond renaming a callee:
 * reordering adjacent unmaps into LIFO order, bracketing a user access with
 * pagefault_disable()/pagefault_enable(), choosing (or introducing) the
 * variable kunmap_local() is given, and replacing a one-copy region by its
 * highmem.h helper. Each planner refuses, with a reason, what it cannot do
 * exactly.
 */
import { parentOf, siblingOf } from '../../core/tree/ancestry.js';
import type { SyntaxNode } from '../../core/syntax.js';
import type { TextEdit } from '../../core/types.js';
import { callName, precedenceOf, statementOf } from '../../engine/analyze/syntax.js';
import { OFFSET_RANK, type KmapAnalysis, type MapFacts, type OffsetKind, type UnmapFacts } from './analysis/lifetimes.js';
import { MAP_APIS, UNMAP_APIS } from './analysis/apis.js';
import type { HelperArgument, SingleCopy } from './analysis/single-copy.js';
import { wrapArguments } from '../../engine/edit/call-rewrite.js';
import { lineStartIndex } from '../../engine/edit/layout.js';
import { declareInBlock, endsLine, insertLineAfter, insertLineBefore, removeStatementLines, startsLine } from '../../engine/edit/statements.js';

/** A run of adjacent unmap statements and the order that makes them LIFO. */
export interface Reorder {
  /** The statements in their current order (the slots). */
  readonly slots: readonly SyntaxNode[];
  /** The statement to put in each slot. */
  readonly order: readonly SyntaxNode[];
  /** Unmap indices in the run. */
  readonly unmaps: readonly number[];
}

function soleCall(stmt: SyntaxNode): SyntaxNode | undefined {
  if (stmt.type !== 'expression_statement' || stmt.namedChildCount !== 1) return undefined;
  const e = stmt.namedChildren[0]!;
  return e.type === 'call_expression' ? e : undefined;
}

function isBlock(n: SyntaxNode | null): boolean {
  return n?.type === 'compound_statement' || n?.type === 'case_statement';
}

export function planReorder(text: string, analysis: KmapAnalysis, u: UnmapFacts): Reorder | undefined {
  void text;
  const stmt = statementOf(u.site.call);
  if (soleCall(stmt)?.id !== u.site.call.id || !isBlock(parentOf(stmt))) return undefined;
  const unmapOf = (s: SyntaxNode | null): UnmapFacts | undefined => {
    const call = s ? soleCall(s) : undefined;
    return call ? analysis.unmapAt(call) : undefined;
  };
  let first: SyntaxNode = stmt;
  for (let before = siblingOf(first, -1, true); before && unmapOf(before); before = siblingOf(first, -1, true)) first = before;
  const run: SyntaxNode[] = [];
  for (let s: SyntaxNode | null = first; s && unmapOf(s); s = siblingOf(s, 1, true)) run.push(s);
  if (run.length < 2) return undefined;
  const facts = run.map((s) => unmapOf(s)!);
  if (facts.some((f) => f.pairs.size !== 1 || f.unpaired || f.familyMismatch.size > 0)) return undefined;
  const head = facts[0]!;
  if (head.stacks.size !== 1) return undefined;
  const stack = [...head.stacks][0]!.split(',').map(Number);
  const sites = facts.map((f) => [...f.pairs][0]!);
  if (new Set(sites).size !== sites.length) return undefined;
  const top = stack.slice(stack.length - sites.length);
  if (!sites.every((x) => top.includes(x))) return undefined;
  const order = run.map((s, i) => ({ s, pos: stack.indexOf(sites[i]!) })).sort((a, b) => b.pos - a.pos).map((x) => x.s);
  if (order.every((s, i) => s.id === run[i]!.id)) return undefined;
  return { slots: run, order, unmaps: facts.map((f) => f.site.index) };
}

/** pagefault_disable()/pagefault_enable() around a run of statements. */
export interface Bracket {
  readonly edits: readonly TextEdit[];
  readonly maps: readonly number[];
  readonly calls: readonly string[];
}

export interface PagefaultCall {
  readonly map: MapFacts;
  readonly call: SyntaxNode;
  readonly name: string;
}

export function planBrackets(text: string, analysis: KmapAnalysis, calls: readonly PagefaultCall[]): { brackets: Bracket[]; refused: (PagefaultCall & { why: string })[] } {
  const refused: (PagefaultCall & { why: string })[] = [];
  const byStmt = new Map<number, { stmt: SyntaxNode; maps: Set<number>; calls: Set<string> }>();
  for (const c of calls) {
    const stmt = statementOf(c.call);
    const why = bracketRefusal(text, analysis, c, stmt);
    if (why) {
      refused.push({ ...c, why });
      continue;
    }
    const entry = byStmt.get(stmt.id) ?? { stmt, maps: new Set<number>(), calls: new Set<string>() };
    entry.maps.add(c.map.site.index);
    entry.calls.add(c.name);
    byStmt.set(stmt.id, entry);
  }
  const ordered = [...byStmt.values()].sort((a, b) => a.stmt.startIndex - b.stmt.startIndex);
  const brackets: Bracket[] = [];
  for (let i = 0; i < ordered.length; ) {
    let j = i;
    while (j + 1 < ordered.length && siblingOf(ordered[j]!.stmt, 1, true)?.id === ordered[j + 1]!.stmt.id) j++;
    const group = ordered.slice(i, j + 1);
    const newline = /\r\n/.test(text.slice(0, 4096)) ? '\r\n' : '\n';
    brackets.push({
      edits: [insertLineBefore(text, group[0]!.stmt, 'pagefault_disable();', newline), insertLineAfter(text, group[group.length - 1]!.stmt, 'pagefault_enable();', newline)],
      maps: [...new Set(group.flatMap((g) => [...g.maps]))],
      calls: [...new Set(group.flatMap((g) => [...g.calls]))],
    });
    i = j + 1;
  }
  return { brackets, refused };
}

function bracketRefusal(text: string, analysis: KmapAnalysis, c: PagefaultCall, stmt: SyntaxNode): string | undefined {
  if (stmt.type !== 'expression_statement') return `it sits in a ${stmt.type.replace(/_/g, ' ')}, not an expression statement`;
  if (!isBlock(parentOf(stmt))) return 'its statement is not directly inside a block';
  if (!startsLine(text, stmt) || !endsLine(text, stmt)) return 'its statement shares a line with other code';
  if (c.call.descendantsOfType('call_expression').some((x) => isKmapCall(x)) || stmt.descendantsOfType('call_expression').some((x) => isKmapCall(x))) {
    return 'its statement also maps or unmaps';
  }
  if (!analysis.alwaysLive(c.map.site.index, c.call)) return 'it also runs on paths where the page is not mapped';
  return undefined;
}

function isKmapCall(call: SyntaxNode): boolean {
  const name = callName(call) ?? '';
  return MAP_APIS.has(name) || UNMAP_APIS.has(name);
}

/** How kunmap(page) becomes kunmap_local(address) for one kmap(). */
export type HolderPlan =
  | {
      readonly ok: true;
      /** The variable each paired kunmap() passes, by unmap index. */
      readonly names: ReadonlyMap<number, string>;
      /** A new local for a kmap() whose result was used inline (merged with the others by introductionEdits()). */
      readonly introduce?: Introduction;
      readonly note?: string;
    }
  | { readonly ok: false; readonly reason: 'unmap-address-unknown' | 'mapping-not-held'; readonly why: string };

/** A local introduced for an inline kmap(): its declaration, the assignment hoisted before the statement, and the call replaced by the name. */
export interface Introduction {
  readonly decl: TextEdit;
  readonly assign: TextEdit;
  readonly replace: TextEdit;
}

/**
 * `taken` holds the names already given to other new locals of the function
 * (several inline kmap() calls in one statement each get their own).
 */
export function planHolder(text: string, analysis: KmapAnalysis, m: MapFacts, taken: Set<string> = new Set()): HolderPlan {
  const names = new Map<number, string>();
  let worst: OffsetKind = 'zero';
  let missing: UnmapFacts | undefined;
  for (const ui of m.unmaps) {
    const u = analysis.unmaps[ui]!;
    if (u.site.api.takes !== 'page') continue;
    const best = bestHolder(analysis, u);
    if (!best) {
      missing = u;
      break;
    }
    names.set(ui, best.name);
    if (OFFSET_RANK[best.offset] > OFFSET_RANK[worst]) worst = best.offset;
  }
  if (!missing) {
    return {
      ok: true,
      names,
      ...(worst === 'offset'
        ? { note: `kunmap_local(${[...new Set(names.values())].join('/')}) is given the mapped address plus an offset, which must stay inside the page; kmap() mapped only that one page, so the code already assumed it` }
        : {}),
    };
  }
  if (m.heldIn.size > 0 || m.escapes.some((e) => e.kind !== 'passed')) {
    return { ok: false, reason: 'unmap-address-unknown', why: `at line ${missing.site.call.startPosition.row + 1}` };
  }
  return introduceLocal(text, analysis, m, taken);
}

function bestHolder(analysis: KmapAnalysis, u: UnmapFacts): { name: string; offset: OffsetKind } | undefined {
  if (u.pairs.size === 0 || u.holdersPerPath.length === 0) return undefined;
  let common: Map<string, OffsetKind> | undefined;
  for (const path of u.holdersPerPath) {
    const next = new Map<string, OffsetKind>();
    for (const [k, off] of path) {
      if (!/^[A-Za-z_]\w*$/.test(k) || off === 'moved') continue;
      const prev = common ? common.get(k) : off;
      if (prev === undefined) continue;
      next.set(k, OFFSET_RANK[off] > OFFSET_RANK[prev] ? off : prev);
    }
    common = next;
  }
  const candidates = [...(common ?? new Map<string, OffsetKind>())].filter(([k]) => inScopeAt(analysis, k, u.site.call)).sort((a, b) => OFFSET_RANK[a[1]] - OFFSET_RANK[b[1]] || (a[0] < b[0] ? -1 : 1));
  const first = candidates[0];
  return first ? { name: first[0], offset: first[1] } : undefined;
}

/** Is the variable's declaration visible at `at`? (Parameters always are.) */
function inScopeAt(analysis: KmapAnalysis, name: string, at: SyntaxNode): boolean {
  const v = analysis.scope.variables.get(name);
  if (!v || v.shadowed || v.kind === 'static') return false;
  if (v.kind === 'parameter') return true;
  const block = parentOf(v.declaration);
  return !!block && block.startIndex <= at.startIndex && at.endIndex <= block.endIndex;
}

const LOCAL_NAMES = ['kaddr', 'vaddr', 'addr', 'kptr'];

function introduceLocal(text: string, analysis: KmapAnalysis, m: MapFacts, taken: Set<string>): HolderPlan {
  const fail = (why: string): HolderPlan => ({ ok: false, reason: 'mapping-not-held', why });
  const call = m.site.call;
  const stmt = statementOf(call);
  if (m.conditional) return fail('it is used under &&, || or ?:');
  // An `if`'s condition runs before anything else in the statement, so its maps can be hoisted above it too.
  const cond = stmt.type === 'if_statement' ? stmt.childForFieldName('condition') : null;
  const inCondition = !!cond && cond.startIndex <= call.startIndex && call.endIndex <= cond.endIndex;
  if ((stmt.type !== 'expression_statement' && !inCondition) || parentOf(stmt)?.type !== 'compound_statement' || !startsLine(text, stmt)) return fail('it is used inline where no statement can be inserted before');
  const page = m.site.page;
  if (!page || !pureCall(page)) return fail('its page expression has side effects');
  const unmapCalls = [...m.unmaps].map((i) => analysis.unmaps[i]!.site.call);
  let block: SyntaxNode | null = parentOf(stmt);
  while (block && !(block.type === 'compound_statement' && unmapCalls.every((c) => block!.startIndex <= c.startIndex && c.endIndex <= block!.endIndex))) block = parentOf(block);
  if (!block) return fail('its unmaps are outside any block enclosing the map');
  const used = new Set([...(analysis.fn.descendantsOfType('identifier') ?? []).map((i) => i.text), ...taken]);
  let name: string | undefined;
  for (let n = 0; !name && n < 10; n++) for (const base of LOCAL_NAMES) if (!name && !used.has(n ? `${base}${n}` : base)) name = n ? `${base}${n}` : base;
  if (!name) return fail('no free local name');
  const newline = /\r\n/.test(text.slice(0, 4096)) ? '\r\n' : '\n';
  const decl = declareInBlock(text, block, `void *${name};`, newline);
  if (!decl) return fail('the enclosing block\'s declarations are not laid out one per line');
  const assign = insertLineBefore(text, stmt, `${name} = kmap_local_page(${page.text});`, newline);
  const replace: TextEdit = { range: { start: call.startIndex, end: call.endIndex }, text: name };
  taken.add(name);
  const names = new Map<number, string>();
  for (const i of m.unmaps) names.set(i, name);
  return { ok: true, names, introduce: { decl, assign, replace } };
}

/**
 * The edits of a function's new locals, in mapping order. Insertions at one
 * point become one edit: declarations first (one per line, the blank line
 * after a block's new declarations once), then the assignments, so two
 * kmap() calls inside one statement are hoisted in the order they map and
 * unmapped (by the analysis' LIFO check) in reverse.
 */
export function introductionEdits(intros: readonly Introduction[]): TextEdit[] {
  const points = new Map<number, { decls: string[]; assigns: string[] }>();
  const at = (i: number) => points.get(i) ?? (points.set(i, { decls: [], assigns: [] }), points.get(i)!);
  for (const x of intros) {
    at(x.decl.range.start).decls.push(x.decl.text);
    at(x.assign.range.start).assigns.push(x.assign.text);
  }
  const edits: TextEdit[] = [];
  for (const [point, { decls, assigns }] of points) {
    // A declaration opening a block carries its own blank line after it: keep only the last one's.
    const declText = decls.map((d, i) => (i < decls.length - 1 ? d.replace(/(\r?\n)\1$/, '$1') : d)).join('');
    edits.push({ range: { start: point, end: point }, text: declText + assigns.join('') });
  }
  return [...edits, ...intros.map((x) => x.replace)];
}

const PURE_PAGE_CALLS = new Set(['sg_page', 'virt_to_page', 'pfn_to_page', 'nth_page', 'folio_page', 'bio_page', 'skb_frag_page', 'compound_head']);

function pureCall(node: SyntaxNode): boolean {
  if (node.type === 'assignment_expression' || node.type === 'update_expression') return false;
  if (node.type === 'call_expression' && !PURE_PAGE_CALLS.has(callName(node) ?? '')) return false;
  return node.namedChildren.every(pureCall);
}

/** The helper call replacing the region, and the removal of the holders' separate declarations; undefined when the layout does not allow it. */
export function helperEdits(text: string, h: SingleCopy, newline: string): TextEdit[] | undefined {
  const args = h.args.map(renderArgument);
  const lineStart = lineStartIndex(text, h.first.startIndex);
  const prefix = text.slice(lineStart, h.first.startIndex) + h.helper + '(';
  const inner = args.some((a) => a.includes('\n')) ? args.join(', ') : wrapArguments(prefix, args, ');', newline);
  const edits: TextEdit[] = [{ range: { start: h.first.startIndex, end: h.last.endIndex }, text: `${h.helper}(${inner});` }];
  for (const d of h.removeDeclarations) {
    const e = removeStatementLines(text, d);
    if (!e) return undefined;
    edits.push(e);
  }
  return edits;
}

function renderArgument(a: HelperArgument): string {
  if (!a.node) return a.text ?? '0';
  if (!a.cast) return a.node.text;
  return `(${a.cast})${precedenceOf(a.node) >= 14 ? a.node.text : `(${a.node.text})`}`;
}

