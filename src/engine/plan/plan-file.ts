/**
 * Plan one file: find every whole-word occurrence of the selected rules'
 * APIs, parse, match each rule's query, let the rules decide, and account for
 * every occurrence. Pure apart from parsing: no I/O.
 */
import { InternalError } from '../../core/errors.js';
import { LineIndex, rangeContains, rangesOverlap, rangesOverlapOrTouch, type Range } from '../../core/range.js';
import type { FileFacts, RuleContext, RuleMatch, SiteReport } from '../../core/rule.js';
import type { SyntaxNode, Tree } from '../../core/syntax.js';
import { FEATURES } from '../../core/target.js';
import type { ParseHealth } from '../../core/outcome.js';
import type { Fix, Occurrence, TextEdit } from '../../core/types.js';
import { ENGINE_REASONS, isEngineReason, SiteLedger, type SiteId } from '../ledger/index.js';
import { insideErrorNode } from '../analyze/parse-errors.js';
import { assertFixWellFormed } from '../../core/fix-shape.js';
import { classifyOccurrence, matchRule, type LoadedRule, type RawOccurrence } from '../match/index.js';
import type { CParser, KernelParse, NormaliseOptions } from '../parse/index.js';
import type { KeywordScanner } from '../prefilter/index.js';

export type { ParseHealth };

export interface PlanInput {
  readonly path: string;
  readonly text: string;
  readonly facts: FileFacts;
  /**
   * How to parse: kernel-normalised (the default; iterator macros from these
   * options) or, with `false`, the text as it is.
   */
  readonly normalise?: NormaliseOptions | false;
  /** Also parse the text as it is, to report parse health before normalisation. */
  readonly measureRawHealth?: boolean;
  /**
   * Parse the whole file rather than only the top-level items holding an
   * occurrence (the default; see src/engine/parse/normalise/focus.ts).
   */
  readonly wholeFile?: boolean;
}

export interface FilePlan {
  /** Every site of the file and its fate so far; the later stages withdraw fixes through it. */
  readonly ledger: SiteLedger;
  readonly fixes: Fix[];
  readonly occurrences: Occurrence[];
  /** Absent when the file holds no occurrence (not parsed). */
  readonly tree?: Tree;
  /** The kernel-aware parse behind `tree` (absent with `normalise: false`). */
  readonly parse?: KernelParse;
  /** Parse health of the file (present when it was parsed). */
  readonly health?: ParseHealth;
  /** The whole file was parsed (a rule needs it), not only the items holding a name. */
  readonly wholeFile?: boolean;
}

/**
 * The plan, in steps: find the occurrences, parse them into views, run the
 * rules over each view's matches (their reports go into the ledger), account
 * for every occurrence no rule reported, and convert all-or-nothing rules'
 * files all together or not at all.
 */
export function planFile(input: PlanInput, loaded: readonly LoadedRule[], parser: CParser, scanner: KeywordScanner): FilePlan {
  const { text } = input;
  const ownerOf = new Map<string, LoadedRule>();
  for (const l of loaded) for (const api of l.rule.meta.apis) if (!ownerOf.has(api)) ownerOf.set(api, l);
  const lines = new LineIndex(text);
  const ledger = new SiteLedger(lines);
  const raw: RawOccurrence[] = scanner.occurrences(text).filter((o) => ownerOf.has(o.api));
  if (raw.length === 0) return { ledger, fixes: [], occurrences: [] };

  const wholeFile = input.wholeFile === true || loaded.some((l) => l.rule.meta.wholeFile && raw.some((o) => l.rule.meta.apis.includes(o.api)));
  const focus = wholeFile ? undefined : raw.map((o) => ({ start: o.start, end: o.end }));
  const parsed = input.normalise === false ? plainParse(parser, text) : parser.parseKernel(text, input.normalise ?? {}, focus);
  const views = assignViews(parsed, raw);
  if (input.normalise !== false) views.push(...macroBodyViews(views[0]!, parser, text, input.normalise ?? {}));

  const fixIds = { next: 1 };
  const fixes = views.flatMap((view) => loaded.flatMap((l) => planRule(l, view, input, lines, ledger, fixIds)));
  const occurrences = accountOccurrences(views, parsed, ownerOf, ledger);
  const withdrawn = ledger.allOrNothing(
    loaded.map((l) => l.rule),
    'plan',
    ['match', 'rule', 'plan'],
  );
  // Whole-file health (accounting runs): the normalised parse of the whole file, and the raw one.
  const whole = input.measureRawHealth && focus && input.normalise !== false ? parser.parseKernel(text, input.normalise ?? {}) : parsed;
  const health = measureHealth(whole, views, occurrences, input.measureRawHealth ? parser.parse(text).rootNode : undefined);
  return { ledger, fixes: fixes.filter((f) => !withdrawn.has(f.id)), occurrences, tree: parsed.tree, health, wholeFile, ...(input.normalise === false ? {} : { parse: parsed }) };
}

/**
 * One rule over one view: sites in ERROR nodes are the engine's; the rule
 * reports the others into the ledger; then the engine withdraws what it
 * cannot write (a fix across #if branches or out of a macro body's lines, a
 * target without the API). Returns the fixes still wanted.
 */
function planRule(l: LoadedRule, view: View, input: PlanInput, lines: LineIndex, ledger: SiteLedger, fixIds: { next: number }): Fix[] {
  const { rule } = l;
  const { text } = input;
  const matches = matchRule(l, view.root, view.occurrences);
  if (matches.length === 0) return [];
  const verdict = rule.meta.verdicts ? ('review' as const) : undefined;
  const usable: RuleMatch[] = [];
  for (const m of matches) {
    if (insideErrorNode(m.api)) ledger.recordEngine(rule.meta.id, m.api.text, rangeOf(m.api), 'parse-error', 'match', verdict);
    else usable.push(m);
  }
  if (usable.length === 0) return [];
  const ruleFixes: Fix[] = [];
  const reported = new Map<number, SiteId>();
  const ctx: RuleContext = {
    path: input.path,
    text,
    root: view.root,
    newline: /\r\n/.test(text.slice(0, 4096)) ? '\r\n' : '\n',
    matches: usable,
    facts: input.facts,
    addFix(edits: readonly TextEdit[], notes: readonly string[] = []): number {
      const fix: Fix = { id: fixIds.next++, ruleId: rule.meta.id, edits: [...edits], notes: [...notes] };
      assertFixWellFormed(fix, text.length);
      ruleFixes.push(fix);
      return fix.id;
    },
    report(site: SiteReport): void {
      const range = 'startIndex' in site.at ? rangeOf(site.at) : site.at;
      if (reported.has(range.start)) throw new InternalError(`rule ${rule.meta.id} reported the site at ${input.path}:${lines.positionOf(range.start).line} twice`);
      const message = site.message ?? rule.meta.reasons[site.reason] ?? (isEngineReason(site.reason) ? ENGINE_REASONS[site.reason] : undefined);
      if (message === undefined) throw new InternalError(`rule ${rule.meta.id} reported undocumented reason "${site.reason}"`);
      const { at: _at, ...rest } = site;
      reported.set(range.start, ledger.record(rule.meta.id, { ...rest, range, message }, 'rule'));
    },
  };
  rule.check(ctx);
  for (const m of usable) {
    if (!reported.has(m.api.startIndex)) {
      throw new InternalError(`rule ${rule.meta.id} did not report the matched site ${m.api.text} at ${input.path}:${lines.positionOf(m.api.startIndex).line}`);
    }
  }
  // In a per-branch parse, a fix must not replace text that parse did not see, nor pair
  // sites across an #if line it blanked (they may sit in different branches).
  const spansHidden = new Set(ruleFixes.filter((fx) => view.hidden.some((h) => rangesOverlapOrTouch(extentOf(fx), h))).map((fx) => fx.id));
  // A rewrite inside a #define body must stay on its lines (a new line would need a `\\`).
  if (view.macroBody) for (const fx of ruleFixes) if (fx.edits.some((e) => /[\r\n]/.test(e.text))) spansHidden.add(fx.id);
  // Without the target API nothing of this rule is rewritten.
  const feature = rule.meta.requires;
  const lacks = feature !== undefined && !input.facts.target.features[feature];
  const keptFixIds = new Set<number>();
  for (const id of reported.values()) {
    let f = ledger.get(id);
    if (f.status === 'convert' && f.fixId !== undefined && spansHidden.has(f.fixId)) {
      ledger.withdraw(id, 'plan', view.macroBody ? 'inside-macro-body' : 'edit-spans-conditional');
      f = ledger.get(id);
    }
    if (f.status === 'convert' && lacks) {
      ledger.withdraw(id, 'plan', 'target-lacks-api', `${ENGINE_REASONS['target-lacks-api']} (needs ${FEATURES[feature].description}, ${FEATURES[feature].since.major}.${FEATURES[feature].since.minor}+)`);
      f = ledger.get(id);
    }
    if (f.status === 'convert' && f.fixId !== undefined) keptFixIds.add(f.fixId);
  }
  return ruleFixes.filter((fx) => keptFixIds.has(fx.id));
}

/** Account for every occurrence; unmatched ones that are still sites go into the ledger as the engine's. */
function accountOccurrences(views: readonly View[], parsed: KernelParse, ownerOf: ReadonlyMap<string, LoadedRule>, ledger: SiteLedger): Occurrence[] {
  const occurrences: Occurrence[] = [];
  for (const view of views) {
    for (const o of view.occurrences) {
      const range = { start: o.start, end: o.end };
      const known = ledger.at(o.start);
      if (known) {
        occurrences.push({ api: o.api, range, class: known.reason === 'parse-error' ? 'parse-error' : 'site', detail: 'call' });
        continue;
      }
      const c = parsed.macroArguments.some((h) => rangeContains(h, range)) ? MACRO_ARGUMENT : classifyOccurrence(view.root, o.start, o.end);
      occurrences.push({ api: o.api, range, class: c.class, detail: c.detail });
      const owner = ownerOf.get(o.api)!.rule;
      const verdict = owner.meta.verdicts ? ('review' as const) : undefined;
      if (c.class === 'site') ledger.recordEngine(owner.meta.id, o.api, range, 'api-as-value', 'match', verdict);
      else if (c.class === 'inside-macro-body') ledger.recordEngine(owner.meta.id, o.api, range, 'inside-macro-body', 'match', verdict);
      else if (c.class === 'parse-error' && c.detail === 'call') ledger.recordEngine(owner.meta.id, o.api, range, 'parse-error', 'match', verdict);
    }
  }
  return occurrences.sort((a, b) => a.range.start - b.range.start);
}

/** From the first edit's start to the last edit's end. */
function extentOf(fix: Fix): Range {
  return { start: Math.min(...fix.edits.map((e) => e.range.start)), end: Math.max(...fix.edits.map((e) => e.range.end)) };
}

const MACRO_ARGUMENT = { class: 'not-a-call', detail: 'macro-argument' } as const;

/** The syntax tree a group of occurrences is read from, and what that parse did not see. */
interface View {
  readonly root: SyntaxNode;
  readonly hidden: readonly Range[];
  readonly occurrences: RawOccurrence[];
  /** A #define body parsed as a function body. */
  readonly macroBody?: boolean;
}

/**
 * Occurrences in #define bodies: when the body parses as statements or an
 * expression (wrapped as a function body), its calls are read from that parse
 * and rewritten like any other; otherwise they stay `inside-macro-body`.
 * Moves those occurrences out of `base`.
 */
function macroBodyViews(base: View, parser: CParser, text: string, options: NormaliseOptions): View[] {
  const byDefine = new Map<number, { define: SyntaxNode; body: SyntaxNode; occurrences: RawOccurrence[] }>();
  for (const o of base.occurrences) {
    const body = enclosingMacroBody(base.root.descendantForIndex(o.start, o.end));
    if (!body) continue;
    const define = body.parent!;
    const entry = byDefine.get(define.id) ?? { define, body, occurrences: [] };
    entry.occurrences.push(o);
    byDefine.set(define.id, entry);
  }
  const views: View[] = [];
  for (const { define, body, occurrences } of byDefine.values()) {
    const tree = parser.parseMacroBody(text, define.startIndex, body.startIndex, body.endIndex, options);
    const fn = tree?.rootNode.descendantForIndex(body.startIndex, body.endIndex);
    const wrapper = fn && closestFunction(fn);
    if (!tree || !wrapper || wrapper.hasError) continue;
    views.push({ root: tree.rootNode, hidden: [], occurrences, macroBody: true });
    const moved = new Set(occurrences);
    base.occurrences.splice(0, base.occurrences.length, ...base.occurrences.filter((o) => !moved.has(o)));
  }
  return views;
}

function enclosingMacroBody(node: SyntaxNode): SyntaxNode | undefined {
  for (let p: SyntaxNode | null = node; p; p = p.parent) {
    if (p.type === 'preproc_arg') return p.parent?.type === 'preproc_def' || p.parent?.type === 'preproc_function_def' ? p : undefined;
  }
  return undefined;
}

function closestFunction(node: SyntaxNode): SyntaxNode | undefined {
  for (let p: SyntaxNode | null = node; p; p = p.parent) if (p.type === 'function_definition') return p;
  return undefined;
}

function plainParse(parser: CParser, text: string): KernelParse {
  return { tree: parser.parse(text), normalisedText: text, macroArguments: [], branchParses: () => [] };
}

/**
 * Each occurrence is read from the normalised parse, unless that parse put it
 * in an ERROR node or in a function with errors: then from the first per-#if-branch
 * parse that sees it in an error-free function, if any.
 */
function assignViews(parsed: KernelParse, raw: readonly RawOccurrence[]): View[] {
  const base: View = { root: parsed.tree.rootNode, hidden: [], occurrences: [] };
  const damaged = raw.filter((o) => !siteIsClean(base.root, o));
  if (damaged.length === 0) return [{ ...base, occurrences: [...raw] }];
  const branches = parsed.branchParses().map((b): View => ({ root: b.tree.rootNode, hidden: b.hidden, occurrences: [] }));
  const moved = new Set<RawOccurrence>();
  for (const o of damaged) {
    const view = branches.find((b) => !b.hidden.some((h) => rangesOverlap(h, o)) && siteIsClean(b.root, o));
    if (view) {
      view.occurrences.push(o);
      moved.add(o);
    }
  }
  base.occurrences.push(...raw.filter((o) => !moved.has(o)));
  return [base, ...branches.filter((b) => b.occurrences.length > 0)];
}

function measureHealth(whole: KernelParse, views: readonly View[], occurrences: readonly Occurrence[], rawRoot: SyntaxNode | undefined): ParseHealth {
  const isSite = (o: Occurrence) => o.class === 'site' || (o.class === 'parse-error' && o.detail === 'call');
  const sites = occurrences.filter(isSite);
  const viewOf = new Map<number, View>();
  for (const v of views) for (const o of v.occurrences) viewOf.set(o.start, v);
  const root = views[0]!.root;
  // A file is error-free when its normalised parse is, or when every per-branch parse is.
  let errorFree = !hasErrorNode(whole.tree.rootNode);
  if (!errorFree && (views.length > 1 || rawRoot)) {
    const branches = whole.branchParses();
    errorFree = branches.length > 0 && branches.every((b) => !hasErrorNode(b.tree.rootNode));
  }
  return {
    errorFree,
    sites: sites.length,
    cleanSites: sites.filter((o) => siteIsClean(viewOf.get(o.range.start)?.root ?? root, o.range)).length,
    ...(rawRoot ? { raw: { errorFree: !hasErrorNode(rawRoot), cleanSites: sites.filter((o) => siteIsClean(rawRoot, o.range)).length } } : {}),
  };
}

function siteIsClean(root: SyntaxNode, range: Range | RawOccurrence): boolean {
  const node = root.descendantForIndex(range.start, range.end);
  for (let p: SyntaxNode | null = node; p; p = p.parent) {
    if (p.type === 'ERROR') return false;
    if (p.type === 'function_definition') return !p.hasError;
  }
  return true;
}

/** Any ERROR node (MISSING nodes alone do not count: tree-sitter recovered by inserting a token). */
function hasErrorNode(node: SyntaxNode): boolean {
  if (!node.hasError) return false;
  if (node.type === 'ERROR') return true;
  // Only subtrees that contain an error are entered.
  for (let c = node.firstChild; c; c = c.nextSibling) if (c.hasError && hasErrorNode(c)) return true;
  return false;
}

export function rangeOf(node: SyntaxNode): Range {
  return { start: node.startIndex, end: node.endIndex };
}
