/**
 * The pre-submit check: run the real rules on the post-image of each touched
 * C file and keep the sites on lines the change adds — new uses of the old
 * APIs — with whether dma-migrate would convert them and how; then let the
 * behaviour model (when plugged in) judge the change. Only touched files are
 * parsed, so a normal patch is checked in well under a second.
 */
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { structuredPatch } from 'diff';
import { EXIT, type ExitCode } from '../../core/exit-codes.js';
import { LineIndex } from '../../core/range.js';
import { reportKeywords, type DmaPolicy, type Rule } from '../../core/rule.js';
import { FEATURES, describeTarget, formatVersion, type KernelVersion, type TargetInfo } from '../../core/target.js';
import type { Diagnostic, Fix, SiteStatus } from '../../core/types.js';
import type { FileOutcome } from '../../core/outcome.js';
import type { Finding } from '../../core/types.js';
import { applyFixes } from '../../engine/apply/index.js';
import { findKernelTree, resolveTarget } from '../../engine/discover/kernel-tree.js';
import { relativePath } from '../../engine/discover/sources.js';
import { openRepository, readObjects, type Repository } from '../git/repo.js';
import { selectRules } from '../../engine/match/index.js';
import type { CacheOptions } from '../../engine/cache/index.js';
import type { ProcessConfig } from '../../engine/pipeline/process-batch.js';
import type { FileJob, ProcessContext } from '../../engine/pipeline/process-file.js';
import { decodeSource } from '../../engine/pipeline/read-source.js';
import { scannerForRules } from '../../engine/prefilter/index.js';
import { RULES } from '../../rules/index.js';
import { excludeMatcher } from '../../engine/discover/exclude.js';
import { collectChanges, type ChangedFile, type CheckSource, type CollectedChange, type SkippedFile } from './collect-changes.js';
import type { ChangeValidator } from './model-hook.js';

export interface CheckOptions {
  readonly source: CheckSource;
  /** Directory inside the repository (or the tree a stdin diff applies to). */
  readonly cwd: string;
  readonly env: NodeJS.ProcessEnv;
  /** Rule ids; empty selects all. */
  readonly rules?: readonly string[];
  readonly targetVersion?: KernelVersion;
  /** DMA call-site policy (default `upstream`): a new page-API call is reported only where the policy would convert it. */
  readonly policy?: DmaPolicy;
  /** Behaviour models judging each file's change (see model-hook.ts). */
  readonly validators?: readonly ChangeValidator[];
  /** Rules to use instead of the registry (tests; runs on one thread, no result cache then). */
  readonly ruleSet?: readonly Rule[];
  /** `--exclude` globs, relative to the repository top: changed files there are not checked. */
  readonly exclude?: readonly string[];
  /** The result cache: a staged file whose bytes and dependencies are unchanged since the last check or rewrite is replayed. */
  readonly cache?: CacheOptions;
  /** Worker threads (`-j`); default: one per core once the files to parse reach PARALLEL_BYTES. */
  readonly jobs?: number;
  /** Failing findings after which no further file is judged (`--max-findings`; default DEFAULT_MAX_FINDINGS; 0: no limit). */
  readonly maxFindings?: number;
}

/**
 * Failing findings after which `check` judges no further file, as a compiler
 * stops after so many errors: the verdict (exit 1) is settled, and a change
 * adding tens of thousands of old-API calls (every site is planned and its
 * rewrite verified, about 0.5 ms each) is answered in seconds, not minutes.
 */
export const DEFAULT_MAX_FINDINGS = 1000;

/** Post-image bytes to parse from which a check uses worker threads (a normal patch stays on this thread). */
export const PARALLEL_BYTES = 1024 * 1024;

export type CheckLevel = 'error' | 'warning' | 'note';

/** A text replacement in 1-based line/column coordinates (columns in UTF-16 units, end exclusive). */
export interface CheckEdit {
  readonly startLine: number;
  readonly startColumn: number;
  readonly endLine: number;
  readonly endColumn: number;
  readonly text: string;
}

export interface CheckFinding {
  readonly path: string;
  readonly line: number;
  readonly column: number;
  /** `phys-provenance`: a report-only rule's finding (an address reaching an API its memory does not allow). */
  readonly kind: 'old-api' | 'model-violation' | 'phys-provenance';
  readonly level: CheckLevel;
  /** The rule (old-api) or validator (model-violation) that reports it. */
  readonly ruleId: string;
  readonly api?: string;
  /** Would `dma-migrate rewrite` convert this site on the target? */
  readonly autoConvert: boolean;
  /** The rule's status on the target (old-api). */
  readonly status?: SiteStatus;
  /** Reason code (old-api) or broken contract (model-violation). */
  readonly reason: string;
  readonly message: string;
  /** The rewrite dma-migrate would make, as removed and added lines. */
  readonly suggestion?: { readonly removed: readonly string[]; readonly added: readonly string[] };
  /** The same rewrite as edits (for SARIF fixes). */
  readonly edits?: readonly CheckEdit[];
  readonly trace?: readonly number[];
}

export interface CheckResult {
  /** Paths are relative to this directory (the repository top). */
  readonly root: string;
  readonly target: string;
  readonly findings: CheckFinding[];
  readonly filesChecked: number;
  readonly skipped: readonly SkippedFile[];
  readonly notes: readonly string[];
  readonly diagnostics: readonly Diagnostic[];
  /** Set when the failing findings reached the limit before every file was judged. */
  readonly stopped?: { readonly limit: number; readonly filesNotJudged: number };
}

export async function checkChange(options: CheckOptions): Promise<CheckResult> {
  let repo: Repository | undefined;
  try {
    repo = openRepository(options.cwd, options.env);
  } catch (err) {
    if (options.source.kind !== 'diff') throw err;
    repo = undefined; // a diff on stdin can be checked against a plain directory
  }
  const root = repo?.top ?? path.resolve(options.cwd);
  const change = withoutExcluded(collectChanges(repo, options.source, root), options.exclude ?? []);
  const rules = selectRules(options.ruleSet ?? RULES, options.rules ?? []);
  const result = { root, target: '', findings: [] as CheckFinding[], filesChecked: change.files.length, skipped: change.skipped, notes: [...change.notes], diagnostics: [] as Diagnostic[] };
  if (change.files.length === 0) return { ...result, target: 'no C file changed' };

  const tree = findKernelTree(path.join(root, change.files[0]!.path));
  const target = resolveTarget(tree, options.targetVersion);
  const scanner = scannerForRules(rules);
  // Rules whose replacement API the target lacks still run (once), on the target plus just that API,
  // so a note can say what would happen on a kernel that has it; their findings become notes.
  const reportOnly = new Set(rules.filter((r) => r.meta.reportOnly).map((r) => r.meta.id));
  const lacking = new Set(rules.filter((r) => r.meta.requires !== undefined && !target.features[r.meta.requires]).map((r) => r.meta.id));
  const runTarget: TargetInfo = lacking.size === 0 ? target : { ...target, features: { ...target.features, ...Object.fromEntries(rules.filter((r) => lacking.has(r.meta.id)).map((r) => [r.meta.requires!, true])) } };
  // The engine (parser, compiled queries, model, result cache) is loaded only when a file needs it:
  // a change whose added lines name no API is checked without loading tree-sitter at all.
  let config: ProcessConfig | undefined;
  const configure = async (): Promise<ProcessConfig> => {
    if (config) return config;
    const [{ processConfigFor }, { cacheConfigFor }] = await Promise.all([import('../../engine/pipeline/process-batch.js'), import('../../engine/cache/index.js')]);
    // Only the rules naming a keyword somewhere in a changed file get their query compiled: a rule
    // matches only at its own keywords, so the others could not report anything here.
    const present = rules.filter((r) => [...r.meta.apis, ...reportKeywords(r.meta)].some((k) => change.files.some((f) => f.post.includes(k))));
    // The result cache keys a staged file by its staged bytes; check does not evict (the next scan or rewrite does).
    const cache = options.ruleSet ? undefined : cacheConfigFor(options.cache);
    return (config = processConfigFor({ rules: present.length > 0 ? present : rules, target: runTarget, root: tree?.root ?? root, tree, policy: options.policy ?? 'upstream', cache }));
  };
  let made: { ctx: ProcessContext; processFile: typeof import('../../engine/pipeline/process-file.js').processFile } | undefined;
  const engine = async () => {
    if (made) return made;
    const [{ createProcessContext }, { processFile }] = await Promise.all([import('../../engine/pipeline/process-batch.js'), import('../../engine/pipeline/process-file.js')]);
    return (made = { ctx: createProcessContext(await configure(), options.ruleSet ?? RULES), processFile });
  };
  const validators = options.validators ?? [];
  const before = validators.length > 0 && repo ? readObjects(repo.git, change.files.map((f) => f.oldBlob ?? '0')) : [];

  // Each file is judged on its own, then dropped: its outcome (texts, trees) becomes a few findings.
  const judged: { findings: CheckFinding[]; diagnostics: readonly Diagnostic[] }[] = [];
  const judge = (n: number, outcome: FileOutcome | undefined, decoded?: { text: string; lines: LineIndex }): void => {
    const file = change.files[n]!;
    const text = decoded?.text ?? decodeSource(file.post).text;
    const lines = decoded?.lines ?? new LineIndex(text);
    const findings: CheckFinding[] = [];
    const onAdded = (outcome?.findings ?? []).filter((f) => f.status !== 'skip' && file.added.has(f.line));
    // Fixes by id: a file of many sites would otherwise search its fixes once per site.
    const fixes = new Map((outcome?.applied ?? []).map((a) => [a.id, a]));
    for (const f of onAdded) {
      if (reportOnly.has(f.ruleId)) findings.push(reportedFinding(file.path, f));
      else if (lacking.has(f.ruleId)) findings.push(lackingFinding(file.path, f, fixes, text, lines, target, rules));
      else findings.push(siteFinding(file.path, f, fixes, text, lines, rules));
    }
    findings.push(...modelViolations(file, text, before[n], validators));
    judged[n] = { findings, diagnostics: outcome?.diagnostics ?? [] };
  };

  // A site on an added line names its API there: files whose added lines name none are not parsed.
  const work: { n: number; job: FileJob }[] = [];
  for (const [n, file] of change.files.entries()) {
    const absPath = path.join(root, file.path);
    const treePath = tree ? relativePath(tree.root, absPath) : undefined;
    const job: FileJob = { absPath, path: file.path, bytes: file.post, ...(treePath && !treePath.startsWith('..') ? { treePath } : {}) };
    const { text } = decodeSource(file.post);
    const lines = new LineIndex(text);
    if (scanner.mayContain(Buffer.from(addedText(text, lines, file.added), 'utf8'))) work.push({ n, job });
    else judge(n, undefined, { text, lines });
  }

  const threads = Math.min(options.jobs ?? availableParallelism(), work.length);
  const bytes = work.reduce((sum, w) => sum + w.job.bytes!.length, 0);
  // Worker threads cost a few hundred ms to start: a normal patch is checked on this thread.
  const parallel = !options.ruleSet && threads > 1 && (options.jobs !== undefined || bytes >= PARALLEL_BYTES);
  // Files are taken in the change's order; once the files judged so far (a prefix of that order)
  // hold `limit` failing findings, no further file is judged. The prefix, not the order in which
  // workers finish, decides where it stops, so the result does not depend on -j.
  const limit = options.maxFindings ?? DEFAULT_MAX_FINDINGS;
  const cutoff = new Cutoff(limit, judged.reduce((sum, j) => sum + failing(j.findings), 0), work.length);
  if (parallel) {
    const { closePool, startPool } = await import('../../engine/pipeline/parallel.js');
    const pool = startPool(await configure(), threads);
    try {
      await judgeInOrder(work.length, threads, cutoff, async (i) => {
        const [outcome] = (await pool.run([work[i]!.job])) as FileOutcome[];
        judge(work[i]!.n, outcome);
        return failing(judged[work[i]!.n]!.findings);
      });
    } finally {
      await closePool(pool);
    }
  } else {
    for (const [i, w] of work.entries()) {
      if (cutoff.reached) break;
      // Native syntax trees are freed only when the event loop turns: one turn per file keeps a
      // many-file change from holding every file's trees at once.
      await new Promise((resolve) => setImmediate(resolve));
      const e = await engine();
      judge(w.n, e.processFile(w.job, e.ctx));
      cutoff.done(i, failing(judged[w.n]!.findings));
    }
  }
  let stopped: CheckResult['stopped'];
  if (cutoff.reached && cutoff.end < work.length) {
    for (const w of work.slice(cutoff.end)) delete judged[w.n];
    const left = work.length - cutoff.end;
    stopped = { limit, filesNotJudged: left };
    result.notes.push(`stopped at ${cutoff.count} failing findings (--max-findings ${limit}): ${left} more changed file${left === 1 ? '' : 's'} naming an old API on added lines ${left === 1 ? 'was' : 'were'} not judged; --max-findings 0 judges every file`);
  }
  const findings = judged.flatMap((j) => j.findings);
  const diagnostics = judged.flatMap((j) => j.diagnostics);
  findings.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : a.line - b.line || a.column - b.column));
  return { ...result, target: describeTarget(target), findings, diagnostics, ...(stopped ? { stopped } : {}) };
}

function failing(findings: readonly CheckFinding[]): number {
  let n = 0;
  for (const f of findings) if (f.level !== 'note') n++;
  return n;
}

/**
 * Where a limited check stops: the failing findings are summed over the files
 * judged in order (files done out of order wait for the ones before them), and
 * the first prefix whose sum reaches the limit ends the check.
 */
class Cutoff {
  /** Work items before this index are kept; set once the limit is reached. */
  end: number;
  reached = false;
  private readonly counts: (number | undefined)[] = [];
  private next = 0;

  constructor(
    private readonly limit: number,
    /** Failing findings of files judged without the engine (no API on an added line). */
    public count: number,
    private readonly total: number,
  ) {
    this.end = total;
  }

  /** Item `i` is judged with `failing` failing findings. */
  done(i: number, failing: number): void {
    this.counts[i] = failing;
    while (!this.reached && this.next < this.total && this.counts[this.next] !== undefined) {
      this.count += this.counts[this.next++]!;
      if (this.limit > 0 && this.count >= this.limit) {
        this.reached = true;
        this.end = this.next;
      }
    }
  }
}

/** Run `judgeOne` over items 0..total-1, in order, at most `inFlight` at a time, until the cutoff is reached. */
async function judgeInOrder(total: number, inFlight: number, cutoff: Cutoff, judgeOne: (i: number) => Promise<number>): Promise<void> {
  let next = 0;
  const lane = async (): Promise<void> => {
    while (!cutoff.reached && next < total) {
      const i = next++;
      cutoff.done(i, await judgeOne(i));
    }
  };
  await Promise.all(Array.from({ length: Math.min(inFlight, total) }, lane));
}

/** What the behaviour models (check's validators) say about one file's change, on its added lines. */
function modelViolations(file: ChangedFile, after: string, pre: Buffer | undefined, validators: readonly ChangeValidator[]): CheckFinding[] {
  const out: CheckFinding[] = [];
  for (const v of validators) {
    for (const violation of v.validate({
      path: file.path,
      ...(file.oldPath !== undefined ? { oldPath: file.oldPath } : {}),
      ...(pre ? { before: decodeSource(pre).text } : {}),
      after,
      addedLines: file.added,
    })) {
      if (violation.line !== undefined && !file.added.has(violation.line)) continue;
      out.push({
        path: file.path,
        line: violation.line ?? 1,
        column: violation.column ?? 1,
        kind: 'model-violation',
        level: 'error',
        ruleId: v.id,
        autoConvert: false,
        reason: violation.contract,
        message: violation.message,
        ...(violation.trace ? { trace: violation.trace } : {}),
      });
    }
  }
  return out;
}

function siteFinding(file: string, f: Finding, fixes: ReadonlyMap<number, Fix>, text: string, lines: LineIndex, rules: readonly Rule[]): CheckFinding {
  const fix = f.status === 'convert' && f.fixId !== undefined ? fixes.get(f.fixId) : undefined;
  const base = { path: file, line: f.line, column: f.column, kind: 'old-api' as const, level: 'warning' as const, ruleId: f.ruleId, api: f.api, status: f.status, reason: f.reason };
  if (fix) {
    return {
      ...base,
      autoConvert: true,
      // Only the added line's site, not every old site of the file.
      message: `new use of ${f.api}(); dma-migrate converts it (${f.reason}): run \`dma-migrate rewrite --lines ${f.line} --root . ${file} | git apply\``,
      ...rewriteOf(fix, f.line, text, lines),
    };
  }
  const summary = rules.find((r) => r.meta.id === f.ruleId)?.meta.summary;
  return {
    ...base,
    autoConvert: false,
    message: `new use of ${f.api}(); not converted automatically: ${f.message}${summary ? ` (the migration: ${summary})` : ''}`,
  };
}

/** A report-only rule's finding on an added line: a bug to fix by hand, not an old API to migrate. */
function reportedFinding(file: string, f: Finding): CheckFinding {
  return { path: file, line: f.line, column: f.column, kind: 'phys-provenance', level: 'error', ruleId: f.ruleId, api: f.api, status: f.status, reason: f.reason, autoConvert: false, message: f.message };
}

/** A site of a rule whose replacement API the target lacks; `f` is its status on a target that has it. */
function lackingFinding(file: string, f: Finding, fixes: ReadonlyMap<number, Fix>, text: string, lines: LineIndex, target: TargetInfo, rules: readonly Rule[]): CheckFinding {
  const rule = rules.find((r) => r.meta.id === f.ruleId);
  const feature = rule?.meta.requires ? FEATURES[rule.meta.requires] : undefined;
  const needs = feature ? `${feature.description} (${formatVersion(feature.since)}+)` : 'the replacement API';
  const where = describeTarget(target);
  const fix = f.status === 'convert' && f.fixId !== undefined ? fixes.get(f.fixId) : undefined;
  const outlook = fix ? 'on a kernel with it, dma-migrate would convert it' : `on a kernel with it, it would be left for review: ${f.message}`;
  return {
    path: file,
    line: f.line,
    column: f.column,
    kind: 'old-api',
    level: 'note',
    ruleId: f.ruleId,
    api: f.api,
    status: 'review',
    reason: 'target-lacks-api',
    autoConvert: false,
    message: `new use of ${f.api}(); the target (${where}) lacks ${needs}; ${outlook}`,
    ...(fix ? rewriteOf(fix, f.line, text, lines) : {}),
  };
}

/** The text of the given 1-based lines. */
function addedText(text: string, lines: LineIndex, added: ReadonlySet<number>): string {
  let out = '';
  for (const n of added) {
    const start = lines.lineStart(n - 1);
    const next = lines.lineStart(n);
    out += text.slice(start, next > start ? next : text.length) + '\n';
  }
  return out;
}

/** The rewrite of one fix: the changed lines around `line`, and the fix's edits in line/column form. */
function rewriteOf(fix: Fix, line: number, text: string, lines: LineIndex): Pick<CheckFinding, 'suggestion' | 'edits'> {
  // Diff only the lines the fix touches (plus the site's), not the whole file.
  const first = Math.min(line - 1, ...fix.edits.map((e) => lines.lineOf(e.range.start)));
  const last = Math.max(line - 1, ...fix.edits.map((e) => lines.lineOf(e.range.end)));
  const from = lines.lineStart(first);
  const to = lines.lineStart(last + 1) > from ? lines.lineStart(last + 1) : text.length;
  const region = text.slice(from, to);
  const shifted = fix.edits.map((e) => ({ range: { start: e.range.start - from, end: e.range.end - from }, text: e.text }));
  const fixed = applyFixes(region, [{ ...fix, edits: shifted }]).text;
  const patch = structuredPatch('a', 'b', region, fixed, '', '', { context: 0 });
  line -= first;
  const hunk = patch.hunks.find((h) => h.oldStart <= line && line < h.oldStart + Math.max(1, h.oldLines)) ?? patch.hunks[0];
  const suggestion = hunk
    ? { removed: hunk.lines.filter((l) => l.startsWith('-')).map((l) => l.slice(1)), added: hunk.lines.filter((l) => l.startsWith('+')).map((l) => l.slice(1)) }
    : { removed: [], added: [] };
  const edits = fix.edits.map((e) => {
    const s = lines.positionOf(e.range.start);
    const t = lines.positionOf(e.range.end);
    return { startLine: s.line, startColumn: s.column, endLine: t.line, endColumn: t.column, text: e.text };
  });
  return { suggestion, edits };
}

/** Findings that fail the check (notes do not). */
export function failingFindings(result: CheckResult): CheckFinding[] {
  return result.findings.filter((f) => f.level !== 'note');
}

/** Internal error diagnostics (a rule or the model threw on a file). */
const INTERNAL_CODES = new Set(['rule-failed', 'model-failed']);

/**
 * A gate fails closed: a changed file it could not judge (internal error:
 * exit 70; unreadable, too large or binary: exit 4) is never "0 findings".
 */
export function failClosed(result: Pick<CheckResult, 'diagnostics'>): { code: ExitCode; message: string } | undefined {
  const internal = result.diagnostics.find((d) => INTERNAL_CODES.has(d.code));
  if (internal) return { code: EXIT.internal, message: `could not judge ${internal.path}: ${internal.code}: ${internal.message.split('\n')[0]}` };
  const unjudged = result.diagnostics.find((d) => d.severity === 'error' || d.code === 'too-large' || d.code === 'binary');
  if (unjudged) return { code: EXIT.io, message: `could not judge ${unjudged.path}: ${unjudged.code}: ${unjudged.message.split('\n')[0]}` };
  return undefined;
}

/** The change without the files `--exclude` leaves out (said in a note). */
function withoutExcluded(change: CollectedChange, patterns: readonly string[]): CollectedChange {
  if (patterns.length === 0) return change;
  const excluded = excludeMatcher(patterns);
  const files = change.files.filter((f) => !excluded(f.path));
  const left = change.files.length - files.length;
  if (left === 0) return change;
  return { ...change, files, notes: [...change.notes, `${left} changed file${left === 1 ? '' : 's'} left out by --exclude`] };
}
