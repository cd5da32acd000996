/**
 * Plan one file from its views and matches: the rules decide, the engine
 * withdraws what it cannot write, and every occurrence is accounted for.
 * Pure: no I/O, no parsing (health measurement apart).
 */
import { InternalError } from '../../core/errors.js';
import { LineIndex, rangesOverlapOrTouch, type Range } from '../../core/range.js';
import type { CalleeContract, FileFacts, RuleContext, RuleMatch, SiteReport } from '../../core/rule.js';
import type { SyntaxNode, Tree } from '../../core/syntax.js';
import { FEATURES } from '../../core/target.js';
import type { ParseHealth } from '../../core/outcome.js';
import type { Fix, Occurrence, TextEdit } from '../../core/types.js';
import { ENGINE_REASONS, isEngineReason, SiteLedger, type SiteId } from '../ledger/index.js';
import { DepthGate } from '../analyze/depth.js';
import { insideErrorNode, unterminatedCommentAt } from '../analyze/parse-errors.js';
import { assertFixWellFormed } from '../../core/fix-shape.js';
import { classifyOccurrences, type LoadedRule, type ViewMatches } from '../match/index.js';
import { hasErrorNode, siteIsClean, type CParser, type KernelParse, type NormaliseOptions, type ParsedViews, type View } from '../parse/index.js';

export type { ParseHealth };

export interface PlanInput {
  readonly path: string;
  readonly text: string;
  readonly facts: FileFacts;
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
  /** The callee summaries the rules' decisions used, for the behaviour model (same callee and argument once). */
  readonly callees?: readonly CalleeContract[];
}

/**
 * The plan stage: the rules decide over their matches (their reports go into
 * the ledger, with the engine's withdrawals of what it cannot write), then
 * every occurrence no rule reported is accounted for, and all-or-nothing
 * rules' files are converted all together or not at all. Returns the fixes
 * still wanted and the occurrences, classified.
 */
export function planFile(input: PlanInput, parsed: ParsedViews, matched: readonly ViewMatches[], loaded: readonly LoadedRule[], ledger: SiteLedger): { fixes: Fix[]; occurrences: Occurrence[]; callees: CalleeContract[] } {
  const ownerOf = new Map<string, LoadedRule>();
  for (const l of loaded) for (const api of l.rule.meta.apis) if (!ownerOf.has(api)) ownerOf.set(api, l);
  const lines = new LineIndex(input.text);
  const fixIds = { next: 1 };
  // A comment never closed hides the rest of the file from the compiler (tree-sitter recovers, with an ERROR).
  const commentFrom = parsed.parsed.tree.rootNode.hasError ? unterminatedCommentAt(input.text) : undefined;
  const depth = new Map<View, DepthGate>();
  const gates: Gates = { commentFrom, depthOf: (view) => depth.get(view) ?? depth.set(view, new DepthGate()).get(view)! };
  const callees = new Map<string, CalleeContract>();
  const fixes = matched.flatMap((m) => planRule(m, input, lines, ledger, fixIds, gates, callees));
  const { occurrences, unmatched } = classifyOccurrences(parsed.views, parsed.parsed, (start) => ledger.at(start));
  for (const site of unmatched) {
    const owner = ownerOf.get(site.api)!.rule;
    ledger.recordEngine(owner.meta.id, site.api, site.range, site.reason, 'match', owner.meta.verdicts ? 'review' : undefined);
  }
  const withdrawn = ledger.allOrNothing(
    loaded.map((l) => l.rule),
    'plan',
    ['match', 'rule', 'plan'],
  );
  return { fixes: fixes.filter((f) => !withdrawn.has(f.id)), occurrences, callees: [...callees.values()] };
}

/** What keeps a match from its rule: a comment never closed before it, a function nested too deep to analyse. */
interface Gates {
  readonly commentFrom: number | undefined;
  depthOf(view: View): DepthGate;
}

/**
 * One rule over one view: sites in ERROR nodes are the engine's; the rule
 * reports the others into the ledger; then the engine withdraws what it
 * cannot write (a fix across #if branches or out of a macro body's lines, a
 * target without the API). Returns the fixes still wanted.
 */
function planRule({ rule: l, view, matches }: ViewMatches, input: PlanInput, lines: LineIndex, ledger: SiteLedger, fixIds: { next: number }, gates: Gates, callees: Map<string, CalleeContract>): Fix[] {
  const { rule } = l;
  const { text } = input;
  const verdict = rule.meta.verdicts ? ('review' as const) : undefined;
  const usable: RuleMatch[] = [];
  const depth = gates.depthOf(view);
  for (const m of matches) {
    if (insideErrorNode(m.api)) {
      ledger.recordEngine(rule.meta.id, m.api.text, rangeOf(m.api), 'parse-error', 'match', verdict);
    } else if (gates.commentFrom !== undefined && m.api.startIndex > gates.commentFrom) {
      const message = `${ENGINE_REASONS['parse-error']} (a comment opened at line ${lines.positionOf(gates.commentFrom).line} is never closed: the compiler reads this as comment)`;
      ledger.record(rule.meta.id, { api: m.api.text, range: rangeOf(m.api), status: 'review', reason: 'parse-error', message, ...(verdict ? { verdict } : {}) }, 'match');
    } else if (depth.tooDeep(m.api)) {
      ledger.recordEngine(rule.meta.id, m.api.text, rangeOf(m.api), 'too-deep', 'match', verdict);
    } else {
      usable.push(m);
    }
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
    noteCallee(c: CalleeContract): void {
      // Views of other #if branches may see another definition: keeping in any of them is keeping.
      const key = `${c.callee}#${c.arg}`;
      callees.set(key, { callee: c.callee, arg: c.arg, keeps: c.keeps || (callees.get(key)?.keeps ?? false) });
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

/** From the first edit's start to the last edit's end. */
function extentOf(fix: Fix): Range {
  return { start: Math.min(...fix.edits.map((e) => e.range.start)), end: Math.max(...fix.edits.map((e) => e.range.end)) };
}


/**
 * Parse health of a planned file. Accounting runs (`measureRaw`) measure the
 * whole file: its normalised parse (when only items were parsed) and the text
 * as it is.
 */
export function measureParseHealth(parser: CParser, text: string, parsed: ParsedViews, occurrences: readonly Occurrence[], normalise: NormaliseOptions | false, measureRaw: boolean): ParseHealth {
  const whole = measureRaw && parsed.focus && normalise !== false ? parser.parseKernel(text, normalise) : parsed.parsed;
  return measureHealth(whole, parsed.views, occurrences, measureRaw ? parser.parse(text).rootNode : undefined);
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

export function rangeOf(node: SyntaxNode): Range {
  return { start: node.startIndex, end: node.endIndex };
}
