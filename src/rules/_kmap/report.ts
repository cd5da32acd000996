/**
 * The second half of a kmap rule's decision: report a function's sites,
 * either all for review (each with its most specific reason) or all
 * converted in one fix, with the edits, the verdict of each site and the
 * commit-message notes (reference §6.2).
 */
import type { RuleContext, RuleMatch } from '../../core/rule.js';
import type { SyntaxNode } from '../../core/syntax.js';
import type { KmapVerdict, RelatedLocation, TextEdit } from '../../core/types.js';
import { spliceEdits } from '../../core/splice-edits.js';
import { statementOf } from '../../engine/analyze/syntax.js';
import { commentsNaming, staleCommentTodo } from '../../engine/analyze/comments.js';
import type { KmapAnalysis, MapFacts, UnmapFacts } from './analysis/lifetimes.js';
import type { MapFamily } from './analysis/apis.js';
import type { SingleCopy } from './analysis/single-copy.js';
import { introductionEdits, type Bracket, type HolderPlan, type Introduction, type Reorder } from './edits.js';
import { renameWithinLimit } from '../../engine/edit/call-rewrite.js';

export type KmapRuleFamily = Extract<MapFamily, 'atomic' | 'kmap'>;

export type Holder = Extract<HolderPlan, { ok: true }>;

export interface HelperPlan extends SingleCopy {
  readonly edits: readonly TextEdit[];
}

export interface Problem {
  readonly reason: string;
  readonly detail?: string;
  readonly related?: SyntaxNode;
}

/** Most specific first: when a site has several problems, the first one here is reported. */
const PRIORITY = [
  'function-parse-error',
  'unsupported-control-flow',
  'too-complex',
  'arch-cache-maintenance',
  'highmem-internals',
  'map-in-conditional-expression',
  'kunmap-given-address',
  'unmap-family-mismatch',
  'used-after-unmap',
  'unmap-address-outside-mapping',
  'mapping-returned',
  'mapping-escapes',
  'mapping-result-unused',
  'mapping-not-held',
  'preprocessor-split',
  'page-changed-before-unmap',
  'unmap-elsewhere',
  'remapped-while-live',
  'not-unmapped-on-every-path',
  'unpaired-unmap',
  'sleeps-in-atomic-region',
  'checks-atomic-context',
  'relies-on-pagefault-disable',
  'relies-on-preempt-disable',
  'calls-through-pointer',
  'mapping-passed-to-function',
  'unmap-order',
  'unmap-address-unknown',
  'pfn-gpl-only',
];

export interface SitePlan {
  readonly match: RuleMatch;
  readonly map?: MapFacts;
  readonly unmap?: UnmapFacts;
  readonly problems: Problem[];
}

export interface Conversion {
  readonly analysis: KmapAnalysis;
  readonly family: KmapRuleFamily;
  readonly helpers: readonly HelperPlan[];
  readonly reorders: readonly Reorder[];
  readonly brackets: readonly Bracket[];
  readonly holders: ReadonlyMap<number, Holder>;
  readonly preemptUnderLock: ReadonlySet<string>;
  readonly underLock: ReadonlySet<number>;
}

export function report(ctx: RuleContext, sites: readonly SitePlan[], conversion: Conversion | undefined, fnName: string, reasons: Readonly<Record<string, string>>): void {
  if (!conversion) {
    const first = sites
      .filter((s) => s.problems.length > 0)
      .map((s) => ({ s, p: primary(s.problems) }))
      .sort((a, b) => a.s.match.api.startIndex - b.s.match.api.startIndex)[0];
    for (const s of sites) {
      const api = s.match.api;
      if (s.problems.length > 0) {
        const p = primary(s.problems);
        const base = reasons[p.reason] ?? p.reason;
        ctx.report({
          api: api.text,
          at: api,
          status: 'review',
          reason: p.reason,
          verdict: 'review',
          message: p.detail ? `${base}: ${p.detail}` : base,
          ...(p.related ? { related: [relatedOf(p.related, p.detail ?? p.reason)] } : {}),
        });
      } else {
        const why = first ? `line ${first.s.match.api.startPosition.row + 1}: ${first.p.reason}` : '';
        ctx.report({
          api: api.text,
          at: api,
          status: 'review',
          reason: 'function-has-unsafe-mapping',
          verdict: 'review',
          message: `${reasons['function-has-unsafe-mapping']} (${why})`,
          ...(first ? { related: [relatedOf(first.s.match.api, `${first.s.match.api.text}: ${first.p.reason}`)] } : {}),
        });
      }
    }
    return;
  }
  const { edits, siteNotes, siteReasons, notes } = buildEdits(ctx, sites, conversion, fnName);
  // Comments that still name the old API: a to-do for the author (not commit-message text), and a note-worthy verdict.
  const stale = staleComments(sites[0]!.match.api, conversion.family);
  const todo: string[] = [];
  if (stale.length > 0) {
    todo.push(staleCommentTodo(fnName, stale, conversion.family === 'atomic' ? 'kmap_atomic()' : 'kmap()'));
    for (const s of sites) siteNotes.set(s.match.api.startIndex, [...(siteNotes.get(s.match.api.startIndex) ?? []), 'comment']);
  }
  const fixId = ctx.addFix(edits, notes);
  for (const s of sites) {
    const own = siteNotes.get(s.match.api.startIndex) ?? [];
    const verdict: KmapVerdict = own.length > 0 ? 'auto-with-note' : 'auto';
    ctx.report({
      api: s.match.api.text,
      at: s.match.api,
      status: 'convert',
      reason: siteReasons.get(s.match.api.startIndex) ?? 'kmap-local',
      verdict,
      fixId,
      notes: [...notes],
      ...(todo.length > 0 ? { todo } : {}),
    });
  }
}

/** The edits and commit-message notes of one function's conversion, as they are gathered. */
interface Built {
  readonly ctx: RuleContext;
  readonly sites: readonly SitePlan[];
  readonly c: Conversion;
  readonly fnName: string;
  readonly edits: TextEdit[];
  readonly notes: string[];
  readonly siteNotes: Map<number, string[]>;
  readonly siteReasons: Map<number, string>;
}

function buildEdits(
  ctx: RuleContext,
  sites: readonly SitePlan[],
  c: Conversion,
  fnName: string,
): { edits: TextEdit[]; notes: string[]; siteNotes: Map<number, string[]>; siteReasons: Map<number, string> } {
  const b: Built = { ctx, sites, c, fnName, edits: [], notes: [], siteNotes: new Map(), siteReasons: new Map() };
  // Helpers replace whole regions.
  helperRegions(b);
  // Renames and address arguments of the remaining sites.
  const siteEdits = renameSites(b);
  // Unmaps moved by a reorder are rewritten as whole statements.
  reorderUnmaps(b, siteEdits);
  // pagefault_disable()/pagefault_enable() around exactly the user accesses.
  pagefaultBrackets(b);
  // The justification paragraph (reference §6.2).
  justification(b);
  const { edits, notes, siteNotes, siteReasons } = b;
  return { edits, notes, siteNotes, siteReasons };
}

/** Adds a note to a site's verdict, once. */
function noteSite(b: Built, s: SitePlan | undefined, note: string): void {
  if (!s) return;
  const list = b.siteNotes.get(s.match.api.startIndex) ?? [];
  if (!list.includes(note)) list.push(note);
  b.siteNotes.set(s.match.api.startIndex, list);
}

function siteOfMap(b: Built, index: number): SitePlan | undefined {
  return b.sites.find((s) => s.map?.site.index === index);
}

function siteOfUnmap(b: Built, index: number): SitePlan | undefined {
  return b.sites.find((s) => s.unmap?.site.index === index);
}

/** Each helper region's edits, its sites' reason, and the note saying what it became (and whether it flushes). */
function helperRegions(b: Built): void {
  const { c, fnName, siteReasons } = b;
  for (const h of c.helpers) {
    b.edits.push(...h.edits);
    const reason = h.helper.replace(/_/g, '-');
    for (const i of h.maps) siteReasons.set(siteOfMap(b, i)!.match.api.startIndex, reason);
    for (const i of h.unmaps) siteReasons.set(siteOfUnmap(b, i)!.match.api.startIndex, reason);
    const mapName = c.analysis.maps[h.maps[0]!]!.site.api.name;
    const access = h.access ?? (h.helper === 'memzero_page' || h.helper === 'memset_page' || h.helper === 'clear_highpage' ? 'memset' : 'memcpy');
    let note = `${fnName}(): ${mapName}() + ${access}() + unmap became ${h.helper}()`;
    if (h.flush === 'added') {
      note += ', which also calls flush_dcache_page() (a no-op on x86; the helper flushes since 5.14, as writes to a page mapped elsewhere need it on aliasing-cache architectures)';
      for (const i of [...h.maps.map((x) => siteOfMap(b, x)), ...h.unmaps.map((x) => siteOfUnmap(b, x))]) noteSite(b, i, note);
    } else if (h.flush === 'absorbed') {
      note += '; its own flush_dcache_page() replaces the explicit one';
    }
    b.notes.push(`${note}.`);
  }
}

/**
 * How each site outside a helper is renamed: map calls now (or through a new
 * local), unmap calls returned by call node id, for the reorder to move.
 */
function renameSites(b: Built): Map<number, TextEdit[]> {
  const { ctx, c, fnName, edits } = b;
  const helperOfMap = (index: number) => c.helpers.find((h) => h.maps.includes(index));
  const helperOfUnmap = (index: number) => c.helpers.find((h) => h.unmaps.includes(index));
  const siteEdits = new Map<number, TextEdit[]>(); // by call node id, for unmaps that get moved
  const intros: Introduction[] = [];
  for (const s of b.sites) {
    if (s.map) {
      if (helperOfMap(s.map.site.index)) continue;
      const api = s.map.site.api;
      const holder = c.holders.get(s.map.site.index);
      if (holder?.introduce) {
        intros.push(holder.introduce);
      } else {
        const folio = api.replacement === 'kmap_local_page' ? folioOfPage(s.map.site.page, c.analysis) : undefined;
        // The longer name may push the line past the file's limit: then the statement is broken.
        edits.push(...renameWithinLimit(ctx.text, s.match.api, folio ? 'kmap_local_folio' : api.replacement!, ctx.newline));
        if (folio) {
          edits.push({ range: { start: s.map.site.page!.startIndex, end: s.map.site.page!.endIndex }, text: `${folio}, 0` });
          b.siteReasons.set(s.match.api.startIndex, 'kmap-local-folio');
        }
      }
      if (holder?.note) {
        noteSite(b, s, holder.note);
        for (const u of s.map.unmaps) noteSite(b, siteOfUnmap(b, u), holder.note);
        b.notes.push(`${fnName}(): ${holder.note}.`);
      }
    } else if (s.unmap) {
      if (helperOfUnmap(s.unmap.site.index)) continue;
      const u = s.unmap;
      const list: TextEdit[] = [{ range: { start: u.site.callee.startIndex, end: u.site.callee.endIndex }, text: u.site.api.replacement! }];
      if (u.site.api.takes === 'page') {
        const mapIndex = [...u.pairs][0]!;
        const holder = c.holders.get(mapIndex)!;
        const name = holder.names.get(u.site.index)!;
        list.push({ range: { start: u.site.arg!.startIndex, end: u.site.arg!.endIndex }, text: name });
      }
      siteEdits.set(u.site.call.id, list);
    }
  }
  edits.push(...introductionEdits(intros));
  return siteEdits;
}

/**
 * The folio whose first page a map is given (`&folio->page`,
 * `folio_page(folio, 0)`), for `kmap_local_folio(folio, 0)`: `folio` a
 * parameter or local declared `struct folio *`. The two calls are the same
 * mapping (reference §3.1; highmem-internal.h 6.1-7.3): with HIGHMEM
 * kmap_local_folio(folio, off) maps folio_page(folio, off / PAGE_SIZE) with
 * kmap_prot, as kmap_local_page() does, and returns the mapping plus
 * off % PAGE_SIZE; without, both are page_address() of the folio's first
 * page (plus off). With offset 0 that is kmap_local_page(&folio->page).
 * Other pages of a folio (`folio_page(folio, i)`) keep kmap_local_page().
 */
function folioOfPage(page: SyntaxNode | undefined, analysis: KmapAnalysis): string | undefined {
  let n = page;
  while (n?.type === 'parenthesized_expression' && n.namedChildCount === 1) n = n.namedChildren[0]!;
  if (!n) return undefined;
  let folio: SyntaxNode | null | undefined;
  if (n.type === 'pointer_expression' && n.child(0)?.type === '&') {
    const f = n.childForFieldName('argument');
    if (f?.type === 'field_expression' && f.childForFieldName('operator')?.type === '->' && f.childForFieldName('field')?.text === 'page') folio = f.childForFieldName('argument');
  } else if (n.type === 'call_expression' && n.childForFieldName('function')?.text === 'folio_page') {
    const args = (n.childForFieldName('arguments')?.namedChildren ?? []).filter((a) => a.type !== 'comment');
    if (args.length === 2 && args[1]!.type === 'number_literal' && args[1]!.text === '0') folio = args[0];
  }
  if (folio?.type !== 'identifier') return undefined;
  const v = analysis.scope.variables.get(folio.text);
  return v && v.baseType.replace(/^(?:const |volatile )+/, '') === 'struct folio' && v.pointerDepth === 1 && !v.isArray && !v.shadowed ? folio.text : undefined;
}

/** Which unmap statements move (rewritten whole, with their renames), then the renames of the unmaps that stay. */
function reorderUnmaps(b: Built, siteEdits: ReadonlyMap<number, TextEdit[]>): void {
  const { ctx, c, fnName, edits } = b;
  const { analysis } = c;
  const moved = new Set<number>();
  for (const r of c.reorders) {
    const renamedText = (stmt: SyntaxNode) => {
      const inner = analysis.unmaps.find((u) => statementOf(u.site.call).id === stmt.id)!;
      return textWithSiteEdits(ctx.text, stmt, siteEdits.get(inner.site.call.id) ?? []);
    };
    r.slots.forEach((slot, i) => {
      const from = r.order[i]!;
      edits.push({ range: { start: slot.startIndex, end: slot.endIndex }, text: renamedText(from) });
    });
    for (const i of r.unmaps) {
      moved.add(analysis.unmaps[i]!.site.call.id);
      noteSite(b, siteOfUnmap(b, i), 'reordered');
      for (const mi of analysis.unmaps[i]!.pairs) noteSite(b, siteOfMap(b, mi), 'reordered');
      const s = siteOfUnmap(b, i);
      if (s) b.siteReasons.set(s.match.api.startIndex, 'kmap-local-reordered');
    }
    b.notes.push(`${fnName}(): the unmaps at lines ${r.slots.map((x) => x.startPosition.row + 1).join(', ')} were reordered to undo the mappings in reverse order, which kunmap_local() requires.`);
  }
  for (const [callId, list] of siteEdits) if (!moved.has(callId)) edits.push(...list);
}

/** Each pagefault bracket's edits, and the reason and note of the sites whose region it covers. */
function pagefaultBrackets(b: Built): void {
  const { c, fnName, siteReasons } = b;
  const { analysis } = c;
  for (const br of c.brackets) {
    b.edits.push(...br.edits);
    for (const m of br.maps) {
      noteSite(b, siteOfMap(b, m), 'pagefault');
      const s = siteOfMap(b, m);
      if (s) siteReasons.set(s.match.api.startIndex, 'kmap-local-pagefault-disable');
      for (const u of analysis.maps[m]!.unmaps) {
        noteSite(b, siteOfUnmap(b, u), 'pagefault');
        const us = siteOfUnmap(b, u);
        if (us) siteReasons.set(us.match.api.startIndex, 'kmap-local-pagefault-disable');
      }
    }
    b.notes.push(
      `${fnName}(): ${br.calls.map((x) => `${x}()`).join(', ')} relied on kmap_atomic() disabling page faults, so pagefault_disable()/pagefault_enable() now bracket ${br.calls.length > 1 ? 'them' : 'it'} explicitly; nothing in the region relies on disabled preemption.`,
    );
  }
}

/** Which justification leads the notes: why the converted mappings did not need kmap_atomic()'s or kmap()'s guarantees. */
function justification(b: Built): void {
  const { c, fnName, notes } = b;
  const { analysis } = c;
  const helperOfMap = (index: number) => c.helpers.find((h) => h.maps.includes(index));
  const plain = b.sites.filter((s) => s.map && !helperOfMap(s.map.site.index));
  if (plain.length === 0) return;
  const from = [...new Set(plain.map((s) => `${s.map!.site.api.name}()`))].join('/');
  const to = [...new Set(plain.map((s) => `${s.map!.site.api.replacement}()`))].join('/');
  if (c.family === 'atomic') {
    const lock = c.preemptUnderLock.size > 0 ? ` The per-CPU access there (${[...c.preemptUnderLock].join(', ')}) runs with a lock held or interrupts disabled, which keeps preemption off without kmap_atomic().` : '';
    const depends =
      c.brackets.length > 0
        ? 'does not depend on disabled preemption (no smp_processor_id(), this_cpu_*() or atomicity check outside a lock)'
        : 'depends neither on disabled page faults (no user-memory access or *_inatomic helper) nor on disabled preemption (no smp_processor_id(), this_cpu_*() or atomicity check outside a lock)';
    notes.unshift(`${fnName}(): ${from} became ${to}; the code between map and unmap ${depends}.${lock}`);
    for (const i of c.underLock) {
      noteSite(b, siteOfMap(b, i), 'lock');
      for (const u of analysis.maps[i]!.unmaps) noteSite(b, siteOfUnmap(b, u), 'lock');
    }
  } else {
    notes.unshift(`${fnName}(): ${from} became ${to} and kunmap(page) became kunmap_local(address): the address is used only by this thread (not stored, returned or handed to another context), the mapping is undone in the same function on every path, and mappings nest in LIFO order.`);
  }
}

function textWithSiteEdits(text: string, node: SyntaxNode, edits: readonly TextEdit[]): string {
  return spliceEdits(text, edits, node.startIndex, node.endIndex);
}

function primary(problems: readonly Problem[]): Problem {
  return [...problems].sort((a, b) => rank(a.reason) - rank(b.reason))[0]!;
}

function rank(reason: string): number {
  const i = PRIORITY.indexOf(reason);
  return i === -1 ? PRIORITY.length : i;
}

function relatedOf(node: SyntaxNode, message: string): RelatedLocation {
  return { range: { start: node.startIndex, end: node.endIndex }, message: message.split('\n')[0]!.slice(0, 100) };
}

/** The API names a converted family leaves behind in prose: `kmap_atomic()`, or `kmap()` written as a call. */
const STALE_NAME: Readonly<Record<KmapRuleFamily, RegExp>> = {
  atomic: /\bk(?:un)?map_atomic(?:_pfn|_prot)?\b/,
  kmap: /\bk(?:un)?map\s*\(/,
};

/**
 * Comments in the function, and the comment block just above it, that still
 * name the replaced API: a reviewer reads them against the new code. Only
 * comment nodes are read; none is edited.
 */
function staleComments(site: SyntaxNode, family: KmapRuleFamily): SyntaxNode[] {
  // Both patterns start at a word boundary before `k` and end in a word boundary or `(`: words only.
  return commentsNaming(site, STALE_NAME[family], { wordsOnly: true });
}
