/**
 * Plan one file: find every whole-word occurrence of the selected rules'
 * APIs, parse, match each rule's query, let the rules decide, and account for
 * every occurrence. Pure apart from parsing: no I/O.
 */
import { InternalError } from '../../core/errors.js';
import { LineIndex, rangeContains, rangesOverlap, rangesOverlapOrTouch, type Range } from '../../core/range.js';
import type { FileFacts, Rule, RuleContext, RuleMatch, SiteReport } from '../../core/rule.js';
import type { SyntaxNode, Tree } from '../../core/syntax.js';
import { FEATURES } from '../../core/target.js';
import type { ParseHealth } from '../../core/outcome.js';
import { setAside, type Finding, type Fix, type Occurrence, type TextEdit } from '../../core/types.js';
import { DepthGate } from '../analyze/depth.js';
import { insideErrorNode, unterminatedCommentAt } from '../analyze/parse-errors.js';
import { assertFixWellFormed } from '../apply/apply-fixes.js';
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

export interface PlannedFinding extends Finding {
  line: number;
  column: number;
}

export interface FilePlan {
  readonly findings: PlannedFinding[];
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


/** Reasons the engine itself reports (rules add their own). */
export const ENGINE_REASONS: Readonly<Record<string, string>> = {
  'api-as-value': 'the API is used as a value (function pointer or macro argument), not called: the call that eventually happens is out of sight',
  'parse-error': 'the site lies in a region tree-sitter could not parse; it is left untouched',
  'target-lacks-api': 'the target tree does not provide the replacement API; pass --target-version to rewrite for a newer kernel',
  'inside-macro-body': 'the call is inside a #define body that does not parse as statements or an expression (or its rewrite would need a new line), so it is not rewritten',
  conflict: 'another rewrite touched the same code and this one could not be re-applied on top of it',
  'new-parse-errors': 'the rewritten code did not re-parse cleanly, so the rewrite was withdrawn',
  'rule-failed': 'the rule failed on this file (a bug in dma-migrate); the site is left untouched',
  'model-rejected': 'the behaviour model rejected this rewrite (it is not equivalent, or breaks a contract the old code kept), so it was not applied',
  'model-unjudged': 'the behaviour model could not judge this rewrite (an API without a model entry, too many paths, an unsupported construct), so it was not applied',
  'edit-spans-conditional':
    '#if/#else lines split the call, or separate it from the map or unmap it pairs with, so the code was read one branch at a time; the rewrite would replace or pair code across branches, so it is left for a human',
  'too-deep': 'the function nests deeper than dma-migrate analyses (over 400 syntax levels: thousands of braces, parentheses or else-ifs); its sites are left untouched, the rest of the file is processed',
  'partner-site-refused':
    'another site of the same map/unmap family in this file is left for review; converting the rest would mix the new API with the old one (e.g. dma_map_phys() with dma_unmap_page()), which reviewers read as a bug',
};

export function planFile(input: PlanInput, loaded: readonly LoadedRule[], parser: CParser, scanner: KeywordScanner): FilePlan {
  const { text } = input;
  const ownerOf = new Map<string, LoadedRule>();
  for (const l of loaded) for (const api of l.rule.meta.apis) if (!ownerOf.has(api)) ownerOf.set(api, l);
  const raw: RawOccurrence[] = scanner.occurrences(text).filter((o) => ownerOf.has(o.api));
  if (raw.length === 0) return { findings: [], fixes: [], occurrences: [] };

  const wholeFile = input.wholeFile === true || loaded.some((l) => l.rule.meta.wholeFile && raw.some((o) => l.rule.meta.apis.includes(o.api)));
  const focus = wholeFile ? undefined : raw.map((o) => ({ start: o.start, end: o.end }));
  const parsed = input.normalise === false ? plainParse(parser, text) : parser.parseKernel(text, input.normalise ?? {}, focus);
  const tree = parsed.tree;
  const views = assignViews(parsed, raw);
  if (input.normalise !== false) views.push(...macroBodyViews(views[0]!, parser, text, input.normalise ?? {}));
  const lines = new LineIndex(text);
  const newline = /\r\n/.test(text.slice(0, 4096)) ? '\r\n' : '\n';
  const findings: PlannedFinding[] = [];
  const fixes: Fix[] = [];
  const siteStarts = new Set<number>();
  // The first finding at each start (a map, not a search per occurrence: files hold thousands of sites).
  const findingAt = new Map<number, PlannedFinding>();
  const record = (f: PlannedFinding) => {
    findings.push(f);
    siteStarts.add(f.range.start);
    if (!findingAt.has(f.range.start)) findingAt.set(f.range.start, f);
  };
  let nextFixId = 1;

  const push = (rule: Rule, f: Omit<Finding, 'ruleId'>) => {
    const pos = lines.positionOf(f.range.start);
    record({ ruleId: rule.meta.id, ...f, ...(rule.meta.verdicts ? { verdict: 'review' as const } : {}), line: pos.line, column: pos.column });
  };

  // A comment never closed hides the rest of the file from the compiler (tree-sitter recovers, with an ERROR).
  const commentFrom = tree.rootNode.hasError ? unterminatedCommentAt(text) : undefined;
  for (const view of views) {
    const root = view.root;
    const depth = new DepthGate();
    for (const l of loaded) {
      const { rule } = l;
      const matches = matchRule(l, root, view.occurrences);
      if (matches.length === 0) continue;
      const usable: RuleMatch[] = [];
      for (const m of matches) {
        if (insideErrorNode(m.api)) {
          push(rule, { api: m.api.text, range: rangeOf(m.api), status: 'review', reason: 'parse-error', message: ENGINE_REASONS['parse-error']! });
        } else if (commentFrom !== undefined && m.api.startIndex > commentFrom) {
          push(rule, { api: m.api.text, range: rangeOf(m.api), status: 'review', reason: 'parse-error', message: `${ENGINE_REASONS['parse-error']!} (a comment opened at line ${lines.positionOf(commentFrom).line} is never closed: the compiler reads this as comment)` });
        } else if (depth.tooDeep(m.api)) {
          push(rule, { api: m.api.text, range: rangeOf(m.api), status: 'review', reason: 'too-deep', message: ENGINE_REASONS['too-deep']! });
        } else {
          usable.push(m);
        }
      }
      if (usable.length === 0) continue;
      const ruleFixes: Fix[] = [];
      const reported = new Map<number, Finding>();
      const ctx: RuleContext = {
        path: input.path,
        text,
        root,
        newline,
        matches: usable,
        facts: input.facts,
        addFix(edits: readonly TextEdit[], notes: readonly string[] = []): number {
          const fix: Fix = { id: nextFixId++, ruleId: rule.meta.id, edits: [...edits], notes: [...notes] };
          assertFixWellFormed(fix, text.length);
          ruleFixes.push(fix);
          return fix.id;
        },
        report(site: SiteReport): void {
          const range = 'startIndex' in site.at ? rangeOf(site.at) : site.at;
          if (reported.has(range.start)) throw new InternalError(`rule ${rule.meta.id} reported the site at ${input.path}:${lines.positionOf(range.start).line} twice`);
          const message = site.message ?? rule.meta.reasons[site.reason] ?? ENGINE_REASONS[site.reason];
          if (message === undefined) throw new InternalError(`rule ${rule.meta.id} reported undocumented reason "${site.reason}"`);
          reported.set(range.start, {
            ruleId: rule.meta.id,
            api: site.api,
            range,
            status: site.status,
            reason: site.reason,
            message,
            ...(site.fixId !== undefined ? { fixId: site.fixId } : {}),
            ...(site.verdict ? { verdict: site.verdict } : {}),
            ...(site.notes ? { notes: [...site.notes] } : {}),
            ...(site.todo && site.todo.length > 0 ? { todo: [...site.todo] } : {}),
            ...(site.related ? { related: [...site.related] } : {}),
          });
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
      for (const f of reported.values()) {
        if (f.status === 'convert' && f.fixId !== undefined && spansHidden.has(f.fixId)) {
          const reason = view.macroBody ? 'inside-macro-body' : 'edit-spans-conditional';
          setAside(f, 'review', reason, ENGINE_REASONS[reason]!);
        }
        if (f.status === 'convert' && lacks) {
          setAside(f, 'review', 'target-lacks-api', `${ENGINE_REASONS['target-lacks-api']} (needs ${FEATURES[feature].description}, ${FEATURES[feature].since.major}.${FEATURES[feature].since.minor}+)`);
        }
        if (f.status === 'convert' && f.fixId !== undefined) keptFixIds.add(f.fixId);
        if (f.status !== 'convert') delete f.fixId;
        const pos = lines.positionOf(f.range.start);
        record({ ...f, line: pos.line, column: pos.column });
      }
      fixes.push(...ruleFixes.filter((fx) => keptFixIds.has(fx.id)));
    }
  }

  // Account for every occurrence; unmatched ones that are still sites get a finding.
  const occurrences: Occurrence[] = [];
  for (const view of views) {
    for (const o of view.occurrences) {
      const range = { start: o.start, end: o.end };
      if (siteStarts.has(o.start)) {
        const f = findingAt.get(o.start);
        occurrences.push({ api: o.api, range, class: f?.reason === 'parse-error' ? 'parse-error' : 'site', detail: 'call' });
        continue;
      }
      const c = parsed.macroArguments.some((h) => rangeContains(h, range)) ? MACRO_ARGUMENT : classifyOccurrence(view.root, o.start, o.end);
      occurrences.push({ api: o.api, range, class: c.class, detail: c.detail });
      const owner = ownerOf.get(o.api)!.rule;
      if (c.class === 'site') {
        push(owner, { api: o.api, range, status: 'review', reason: 'api-as-value', message: ENGINE_REASONS['api-as-value']! });
      } else if (c.class === 'inside-macro-body') {
        push(owner, { api: o.api, range, status: 'review', reason: 'inside-macro-body', message: ENGINE_REASONS['inside-macro-body']! });
      } else if (c.class === 'parse-error' && c.detail === 'call') {
        push(owner, { api: o.api, range, status: 'review', reason: 'parse-error', message: ENGINE_REASONS['parse-error']! });
      }
    }
  }
  occurrences.sort((a, b) => a.range.start - b.range.start);
  findings.sort((a, b) => a.range.start - b.range.start);
  const withdrawn = applyAllOrNothing(loaded, findings);
  // Whole-file health (accounting runs): the normalised parse of the whole file, and the raw one.
  const whole = input.measureRawHealth && focus && input.normalise !== false ? parser.parseKernel(text, input.normalise ?? {}) : parsed;
  const health = measureHealth(whole, views, occurrences, input.measureRawHealth ? parser.parse(text).rootNode : undefined);
  return { findings, fixes: fixes.filter((f) => !withdrawn.has(f.id)), occurrences, tree, health, wholeFile, ...(input.normalise === false ? {} : { parse: parsed }) };
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

/** For rules converting a file all-or-nothing: one refused site turns the rest into review. Returns withdrawn fix ids. */
function applyAllOrNothing(loaded: readonly LoadedRule[], findings: PlannedFinding[]): Set<number> {
  const withdrawn = new Set<number>();
  for (const { rule } of loaded) {
    if (!rule.meta.allOrNothingPerFile) continue;
    const own = findings.filter((f) => f.ruleId === rule.meta.id);
    const refused = own.find((f) => f.status === 'review' && f.reason !== 'target-lacks-api');
    if (!refused) continue;
    for (const f of own) {
      if (f.status !== 'convert') continue;
      if (f.fixId !== undefined) withdrawn.add(f.fixId);
      setAside(f, 'review', 'partner-site-refused', `${ENGINE_REASONS['partner-site-refused']} (line ${refused.line}: ${refused.api}, ${refused.reason})`);
      f.related = [{ range: refused.range, message: `${refused.api}: ${refused.reason}` }];
    }
  }
  return withdrawn;
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
