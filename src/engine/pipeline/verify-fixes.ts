/**
 * Run the behaviour model on a file's rewrite and withdraw the fixes of
 * every function it rejects or cannot judge: those sites become `review`
 * (`model-rejected`, `model-unjudged`) with the rule, the contract and the
 * path in the message, and the output is recomputed from the fixes kept.
 * Rules that convert a file all-or-nothing lose their other fixes too.
 */
import type { ModelProblem, ModelReport } from '../../core/outcome.js';
import { LineIndex, rangesOverlap, type Range } from '../../core/range.js';
import type { CalleeContract } from '../../core/rule.js';
import type { Tree } from '../../core/syntax.js';
import type { Finding, Fix, TextEdit } from '../../core/types.js';
import { applyFixes, mapBack } from '../apply/index.js';
import type { LoadedRule } from '../match/index.js';
import type { SiteLedger } from '../ledger/index.js';
import { REJECTION_REASONS, UNJUDGED_REASONS, verifyTrees, type FunctionVerdict, type MacroBodyParser } from '../../verify/index.js';

export interface VerifyFixesInput {
  readonly text: string;
  readonly output: string;
  readonly applied: readonly Fix[];
  /** Ids of the fixes applied in the first pass (their edits are in the original's coordinates). */
  readonly firstPass: ReadonlySet<number>;
  readonly passes: number;
  /** The plan's sites: the model's withdrawals are recorded there. */
  readonly ledger: SiteLedger;
  readonly rules: readonly LoadedRule[];
  /** Parse a version of the file the way `oldTree` was parsed. */
  readonly parse: (text: string) => Tree;
  readonly oldTree: Tree;
  /** Parse a #define body of a version of the file as a function body, so changed macro bodies are judged. */
  readonly parseMacroBody?: MacroBodyParser;
  /** The tree of `output`, when the caller parsed it already. */
  readonly newTree?: Tree;
  /** The callee summaries the plan's rules used: the model judges calls given a mapped address by them. */
  readonly callees?: readonly CalleeContract[];
}

export interface VerifyFixesResult {
  readonly output: string;
  readonly applied: Fix[];
  readonly report: ModelReport;
}

const MAX_ROUNDS = 4;

export function verifyFixes(input: VerifyFixesInput): VerifyFixesResult {
  const { text, ledger } = input;
  const findings = ledger.findings();
  let applied = [...input.applied];
  let output = input.output;
  // Later-pass fixes are in intermediate coordinates: if anything is wrong, keep only first-pass fixes.
  let multipass = input.passes > 1;
  const problems: ModelProblem[] = [];
  const functions = { accepted: 0, rejected: 0, unjudged: 0 };
  const withdrawn = new Map<number, 'rejected' | 'unjudged' | 'partner'>();
  const seen = new Set<string>();
  const oldLines = new LineIndex(text);
  for (let round = 0; round < MAX_ROUNDS && applied.length > 0; round++) {
    const newTree = round === 0 && output === input.output && input.newTree ? input.newTree : input.parse(output);
    const options = { ...(input.parseMacroBody ? { parseMacroBody: input.parseMacroBody } : {}), ...(input.callees ? { callees: input.callees } : {}) };
    const verdicts = verifyTrees(input.oldTree.rootNode, text, newTree.rootNode, output, options).functions;
    const edits = multipass ? [] : applyFixes(text, applied).edits;
    const newLines = new LineIndex(output);
    const toOld = (line: number) => oldLines.lineOf(mapBack(newLines.lineStart(line - 1), edits)) + 1;
    for (const v of verdicts) {
      const key = `${v.name}@${v.oldLine ?? v.newLine}`;
      if (seen.has(key)) continue;
      seen.add(key);
      functions[v.verdict]++;
    }
    const bad = verdicts.filter((v) => v.verdict !== 'accepted');
    if (bad.length === 0) break;
    if (multipass) {
      multipass = false;
      applied = applied.filter((f) => input.firstPass.has(f.id));
      output = applyFixes(text, applied).text;
      round--;
      continue;
    }
    const worst = new Map<number, FunctionVerdict>();
    const touching = fixesTouching(applied, findings);
    for (const v of bad) {
      const range = v.oldRange ?? (v.newRange ? { start: mapBack(v.newRange.start, edits), end: mapBack(v.newRange.end, edits) } : undefined);
      if (!range) continue;
      for (const fix of touching(range)) {
        const cur = worst.get(fix.id);
        if (!cur || (cur.verdict === 'unjudged' && v.verdict === 'rejected')) worst.set(fix.id, v);
      }
    }
    if (worst.size === 0) break;
    for (const [id, v] of worst) withdrawn.set(id, v.verdict === 'rejected' ? 'rejected' : 'unjudged');
    // The fixes of each verdict, in the order applied; one withdrawal per reason, each site told its function's problem.
    const fixesOf = new Map<FunctionVerdict, Fix[]>();
    for (const f of applied) {
      const v = worst.get(f.id);
      if (!v) continue;
      const list = fixesOf.get(v);
      if (list) list.push(f);
      else fixesOf.set(v, [f]);
    }
    const problemOfFix = new Map<number, ModelProblem>();
    for (const v of new Set(worst.values())) {
      const fixes = fixesOf.get(v)!;
      const p = problemOf(v, fixes, toOld);
      problems.push(p);
      for (const f of fixes) problemOfFix.set(f.id, p);
    }
    const describe = (f: Readonly<Finding>) => describeProblem(problemOfFix.get(f.fixId!)!);
    const ids = (verdict: FunctionVerdict['verdict']) => new Set([...worst].filter(([, v]) => v.verdict === verdict).map(([id]) => id));
    ledger.withdrawFixes(ids('rejected'), 'verify', 'model-rejected', describe);
    ledger.withdrawFixes(ids('unjudged'), 'verify', 'model-unjudged', describe);
    // A rule converting a file all-or-nothing keeps none of its fixes here.
    const partners = ledger.allOrNothing(
      input.rules.map((l) => l.rule),
      'verify',
      ['verify'],
      new Set(applied.map((f) => f.id)),
    );
    for (const id of partners) withdrawn.set(id, 'partner');
    applied = applied.filter((f) => !withdrawn.has(f.id));
    output = applyFixes(text, applied).text;
  }
  const count = (k: 'rejected' | 'unjudged' | 'partner') => [...withdrawn.values()].filter((x) => x === k).length;
  return {
    output,
    applied,
    report: { fixes: { accepted: applied.length, rejected: count('rejected'), unjudged: count('unjudged'), partner: count('partner') }, functions, problems },
  };
}

/**
 * The applied fixes that change code inside a range (original
 * coordinates), in the order applied: those with an edit overlapping it (an
 * insertion strictly inside counts), or whose site's finding overlaps it.
 * Edits and findings are sorted by start once, so a range is looked up by
 * binary search instead of trying every fix against every finding.
 */
function fixesTouching(applied: readonly Fix[], findings: readonly Finding[]): (range: Range) => Fix[] {
  const at = new Map<number, number>();
  applied.forEach((f, i) => at.set(f.id, i));
  const spans: { readonly range: Range; readonly fix: number }[] = [];
  applied.forEach((f, i) => {
    for (const e of f.edits) spans.push({ range: e.range, fix: i });
  });
  for (const f of findings) {
    const i = f.fixId === undefined ? undefined : at.get(f.fixId);
    if (i !== undefined) spans.push({ range: f.range, fix: i });
  }
  spans.sort((a, b) => a.range.start - b.range.start);
  let longest = 0;
  for (const s of spans) longest = Math.max(longest, s.range.end - s.range.start);
  return (range) => {
    // A span overlapping `range` starts before its end, and after `range.start - longest`.
    let lo = 0;
    let hi = spans.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (spans[mid]!.range.start <= range.start - longest) lo = mid + 1;
      else hi = mid;
    }
    const hit = new Set<number>();
    for (let i = lo; i < spans.length && spans[i]!.range.start < range.end; i++) {
      // rangesOverlap; for an insertion, strictly inside `range`.
      if (rangesOverlap(spans[i]!.range, range)) hit.add(spans[i]!.fix);
    }
    return [...hit].sort((a, b) => a - b).map((i) => applied[i]!);
  };
}

function problemOf(v: FunctionVerdict, fixes: readonly Fix[], toOld: (line: number) => number): ModelProblem {
  const rules = [...new Set(fixes.map((f) => f.ruleId))].sort();
  if (v.verdict === 'unjudged' && v.unjudged) {
    return { function: v.name, line: v.oldLine ?? toOld(v.unjudged.line), verdict: 'unjudged', reason: v.unjudged.reason, message: v.unjudged.message, path: [], rules, fixes: fixes.length };
  }
  const first = v.violations[0]!;
  const path = compress(first.path.map(toOld));
  return { function: v.name, line: first.line > 0 ? toOld(first.line) : (v.oldLine ?? 0), verdict: 'rejected', reason: first.reason, message: first.message, path, rules, fixes: fixes.length };
}

function compress(lines: readonly number[]): number[] {
  const out: number[] = [];
  for (const l of lines) if (out[out.length - 1] !== l) out.push(l);
  return out;
}

/** `foo()` for a function; `#define FOO` and `<file scope>` as they are. */
function subject(name: string): string {
  return /^[A-Za-z_]\w*$/.test(name) ? `${name}()` : name;
}

export function describeProblem(p: ModelProblem): string {
  if (p.verdict === 'unjudged') {
    const why = UNJUDGED_REASONS[p.reason as keyof typeof UNJUDGED_REASONS] ?? p.reason;
    return `the behaviour model could not judge the rewrite of ${subject(p.function)} by ${p.rules.join(', ')} (${p.reason}: ${why}; ${p.message}), so it is not applied`;
  }
  const contract = REJECTION_REASONS[p.reason as keyof typeof REJECTION_REASONS] ?? p.reason;
  const path = p.path.length > 0 ? `; path: lines ${p.path.length > 24 ? [...p.path.slice(0, 12), '...', ...p.path.slice(-8)].join(' → ') : p.path.join(' → ')}` : '';
  return `the behaviour model rejected the rewrite of ${subject(p.function)} by ${p.rules.join(', ')}: ${p.reason} at line ${p.line}: ${contract} (${p.message})${path}`;
}
