/**
 * Everything that happens to one file, as a flat list of stages (see
 * processFile). Returns plain data; writing and diffing are output steps.
 */
import type { FileOutcome, ModelReport, TextEncoding } from '../../core/outcome.js';
import type { LicenseInfo } from '../../core/license.js';
import type { DmaPolicy, FileFacts } from '../../core/rule.js';
import type { KeptSite } from '../../rules/_dma/cross-file.js';
import type { Range } from '../../core/range.js';
import type { Tree } from '../../core/syntax.js';
import type { TargetInfo } from '../../core/target.js';
import type { Diagnostic, Fix, TextEdit } from '../../core/types.js';
import { applyFixes, mapBack } from '../apply/index.js';
import { LicenseResolver } from '../discover/module-license.js';
import type { LoadedRule } from '../match/index.js';
import { changedRanges, countErrorNodes, parseViews, type CParser, type NormaliseOptions } from '../parse/index.js';
import { withNodeMemo } from '../../core/tree/node-memo.js';
import { measureParseHealth, planFile, planReportOnly, reportOnlyRuns, type FilePlan } from '../plan/index.js';
import { SiteLedger } from '../ledger/index.js';
import { matchViews } from '../match/index.js';
import { LineIndex } from '../../core/range.js';
import { countWholeWords, type KeywordScanner } from '../prefilter/index.js';
import { MAX_PARSE_BYTES, SourceReader, decodeSource } from './read-source.js';
import { verifyFixes } from './verify-fixes.js';
import { subsystemStatus } from '../discover/maintainers/subsystem-status.js';
import { treeDefinitions, type DefinitionResolver } from '../analyze/summaries/index.js';
import type { DependencyRecorder } from '../../core/dependency.js';
import { DependencyLog, replayed, type ResultCache } from '../cache/index.js';

export { MAX_PARSE_BYTES, decodeSource } from './read-source.js';
/** Files above this size are not even read (no C source comes near it). */
export const MAX_READ_BYTES = 256 * 1024 * 1024;
/** Passes for fixes deferred by a conflict (ESLint uses 10; two suffice for our rules). */
export const MAX_FIX_PASSES = 4;

export interface FileJob {
  readonly absPath: string;
  readonly path: string;
  /** Path relative to the kernel tree root, when inside one. */
  readonly treePath?: string;
  /** The content to process instead of reading `absPath` (a staged or committed version). */
  readonly bytes?: Buffer;
}

export interface ProcessContext {
  readonly parser: CParser;
  readonly rules: readonly LoadedRule[];
  readonly scanner: KeywordScanner;
  readonly target: TargetInfo;
  readonly licenses: LicenseResolver;
  /** Skip the byte prefilter (to test that it never changes the output). */
  readonly noPrefilter?: boolean;
  /** Iterator macros of the tree (its .clang-format ForEachMacros); the normaliser's built-in list when absent. */
  readonly forEachMacros?: ReadonlySet<string>;
  /** Accounting run (`scan --stats`): count occurrences in the raw bytes and measure parse health before normalisation too. */
  readonly accounting?: boolean;
  /** Reads files through a reused buffer (one per context); a fresh buffer per file when absent. */
  readonly reader?: SourceReader;
  /** Do not run the behaviour model on the rewrites (write what the rules produce). */
  readonly noVerify?: boolean;
  /** DMA call-site policy (default `upstream`). */
  readonly policy?: DmaPolicy;
  /** Rewrite sites in headers too (default: `shared-header`). */
  readonly includeHeaders?: boolean;
  /**
   * Sites (by the start of their API name) to keep on the old API because a
   * partner in another file of the run stays there (cross-file pairing).
   */
  readonly keep?: ReadonlyMap<number, KeptSite>;
  /** The result cache (engine/cache): candidates' results are replayed or stored. */
  readonly cache?: ResultCache;
}

/**
 * One file through the stages, in order; each takes and returns plain values
 * (plus the plan's site ledger), and any stage may end the file early:
 * read → prefilter (bytes) → decode → [occurrences → parse into views →
 * match → plan: the rules into the ledger, every occurrence accounted for]
 * (planStages) → policy (files that implement the API) → apply in passes →
 * reject new parse errors → verify → outcome. Writing and diffing are output
 * steps (src/deliver/output).
 */
export function processFile(job: FileJob, ctx: ProcessContext): FileOutcome {
  const file = new FileState(job);
  const read = readStage(job, ctx, file);
  if (!read) return file.empty(false);
  const source = prefilterStage(read.bytes, ctx, file);
  if (!source) return file.empty(file.candidate);
  // The result cache, for candidates only (the prefilter costs what hashing does). Cross-file
  // pairing's re-processing (`keep`) bypasses it: that result depends on other files' outcomes.
  // A job's given bytes (check's staged version) are keyed like bytes read from disk.
  const cache = ctx.keep?.size ? undefined : ctx.cache;
  const key = cache?.keyOf(job, read.bytes);
  if (cache && key !== undefined) {
    const stored = cache.lookup(key);
    if (stored) return replayed(stored, { absPath: job.absPath, stamp: read.stamp, text: source.text });
    const deps = new DependencyLog();
    const outcome = processSource(job, ctx, file, source, read.stamp, deps);
    const kept = cache.store(key, outcome, deps.list());
    return kept === 'skipped' ? outcome : { ...outcome, cache: kept };
  }
  return processSource(job, ctx, file, source, read.stamp);
}

/** A candidate's stages after the prefilter; what it reads from other files is told to `deps`. */
function processSource(job: FileJob, ctx: ProcessContext, file: FileState, source: { text: string; encoding: TextEncoding }, stamp: { size: number; mtimeMs: number }, deps?: DependencyRecorder): FileOutcome {
  const facts = factsOf(job, ctx, source.text, deps);
  let plan: FilePlan;
  try {
    plan = planStages(job.path, source.text, facts, ctx, { measureRawHealth: ctx.accounting ?? false });
  } catch (err) {
    file.diagnose('error', 'rule-failed', `internal error while planning: ${(err as Error).stack ?? String(err)}`);
    return { ...file.empty(true, source.encoding), stamp };
  }
  if (ctx.keep?.size) plan = keepSites(plan, ctx.keep);
  const planned = { ...file.empty(true, source.encoding), occurrences: plan.occurrences, stamp, ...(plan.health ? { health: plan.health } : {}) };
  if (isImplementationFile(job, ctx.rules)) {
    plan.ledger.withdrawAll('plan', 'api-implementation', 'skip');
    return { ...planned, findings: plan.ledger.findings() };
  }
  const root = treeRootOf(job);
  const subsystem = root && job.treePath !== undefined && plan.ledger.size() > 0 ? subsystemStatus(root, job.treePath, deps) : undefined;
  if (subsystem?.status === 'obsolete') {
    plan.ledger.withdrawAll('plan', 'obsolete-subsystem', 'skip', `MAINTAINERS marks ${subsystem.section} "S: Obsolete": nobody takes patches for it`);
    return { ...planned, findings: plan.ledger.findings() };
  }
  if (subsystem?.status === 'orphan' && plan.ledger.convertedFixIds().size > 0) {
    file.diagnose('info', 'no-maintainer', `MAINTAINERS marks ${subsystem.section} "S: Orphan": the rewrite has no maintainer to take it`);
  }
  const passes = applyInPasses(source.text, plan, ctx, job.path, facts);
  const reparsed = rejectNewParseErrors(source.text, plan, passes, ctx, file);
  const verified = verifyStage(source.text, plan, passes, reparsed, ctx, file);
  // Sites whose fix was never applied (deferred by a conflict, and not re-applied in a later pass).
  const appliedIds = new Set(verified.applied.map((a) => a.id));
  const unapplied = [...plan.ledger.convertedFixIds()].filter((id) => !appliedIds.has(id));
  plan.ledger.withdrawFixes(new Set(unapplied), 'apply', 'conflict');
  return {
    ...planned,
    findings: plan.ledger.findings(),
    applied: verified.applied,
    errorNodes: { before: reparsed.before, after: verified.after },
    ...(verified.model ? { model: verified.model } : {}),
    ...(verified.output !== source.text ? { original: source.text, output: verified.output } : {}),
  };
}

/**
 * The stages from a decoded text to its plan: the whole-word occurrences of
 * the rules' API names (prefilter), the views they are read from (parse), the
 * rules' matches in them (match), and the plan (the rules decide into the
 * ledger; every occurrence accounted for). Later fix passes run them again on
 * the rewritten text.
 */
function planStages(path: string, text: string, facts: FileFacts, ctx: ProcessContext, options: { readonly measureRawHealth?: boolean; readonly wholeFile?: boolean }): FilePlan {
  // Ancestors and siblings found are shared by the three stages, then dropped (core/tree/node-memo.ts).
  return withNodeMemo(() => planStagesRemembering(path, text, facts, ctx, options));
}

function planStagesRemembering(path: string, text: string, facts: FileFacts, ctx: ProcessContext, options: { readonly measureRawHealth?: boolean; readonly wholeFile?: boolean }): FilePlan {
  const ledger = new SiteLedger(new LineIndex(text));
  const owned = new Set(ctx.rules.flatMap((l) => l.rule.meta.apis));
  const occurrences = ctx.scanner.occurrences(text).filter((o) => owned.has(o.api));
  const reporting = reportOnlyRuns(ctx.rules, text, ctx.scanner);
  if (occurrences.length === 0 && reporting.length === 0) return { ledger, fixes: [], occurrences: [] };
  const wholeFile = options.wholeFile === true || ctx.rules.some((l) => l.rule.meta.wholeFile && occurrences.some((o) => l.rule.meta.apis.includes(o.api)));
  const normalise = normaliseOptions(ctx);
  // A file holding only report-only keywords is parsed whole (those rules read the whole file).
  const parsed = parseViews(ctx.parser, text, occurrences, { normalise, wholeFile: wholeFile || occurrences.length === 0 });
  const matched = matchViews(parsed.views, ctx.rules.filter((l) => !l.rule.meta.reportOnly));
  const plan = planFile({ path, text, facts }, parsed, matched, ctx.rules, ledger);
  if (reporting.length > 0) {
    const whole = parsed.focus === undefined ? parsed.parsed.tree : ctx.parser.parseKernel(text, normalise).tree;
    planReportOnly({ path, text, facts }, reporting, whole.rootNode, ledger);
  }
  const health = measureParseHealth(ctx.parser, text, parsed, plan.occurrences, normalise, options.measureRawHealth ?? false);
  return { ledger, ...plan, tree: parsed.parsed.tree, parse: parsed.parsed, health, wholeFile };
}

/** What the stages learn about a file before it has a plan: its diagnostics and raw word counts. */
class FileState {
  readonly diagnostics: Diagnostic[] = [];
  wordCounts: Record<string, number> | undefined;
  /** Names an API but could not be processed (too large to parse): still a candidate. */
  candidate = false;

  constructor(private readonly job: FileJob) {}

  diagnose(severity: Diagnostic['severity'], code: Diagnostic['code'], message: string): void {
    this.diagnostics.push({ path: this.job.path, severity, code, message });
  }

  empty(candidate: boolean, encoding: TextEncoding = 'utf8'): FileOutcome {
    return {
      ...(this.wordCounts ? { wordCounts: this.wordCounts } : {}),
      path: this.job.path,
      absPath: this.job.absPath,
      candidate,
      findings: [],
      occurrences: [],
      diagnostics: this.diagnostics,
      applied: [],
      encoding,
    };
  }
}

/** Read: the job's bytes (given, or from disk through the context's reader), and the stamp to refuse writing over a file changed meanwhile. */
function readStage(job: FileJob, ctx: ProcessContext, file: FileState): { bytes: Buffer; stamp: { size: number; mtimeMs: number } } | undefined {
  try {
    const read = job.bytes
      ? { bytes: job.bytes, size: job.bytes.length, mtimeMs: 0, tooLarge: job.bytes.length > MAX_READ_BYTES }
      : (ctx.reader ?? new SourceReader(0)).read(job.absPath, MAX_READ_BYTES);
    if (read.tooLarge) {
      // Not read, so it may hold sites: an error, so the run does not pass as "nothing to do".
      file.diagnose('error', 'too-large', `${(read.size / 1048576).toFixed(1)} MiB is over the ${MAX_READ_BYTES / 1048576} MiB read limit; not processed`);
      return undefined;
    }
    return { bytes: read.bytes, stamp: { size: read.size, mtimeMs: read.mtimeMs } };
  } catch (err) {
    file.diagnose('error', 'unreadable', `cannot read: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
    return undefined;
  }
}

/** Prefilter: a file naming no API identifier is not decoded; nor is one too large or binary. Then decode. */
function prefilterStage(bytes: Buffer, ctx: ProcessContext, file: FileState): { text: string; encoding: TextEncoding } | undefined {
  if (!ctx.noPrefilter && !ctx.scanner.mayContain(bytes)) return undefined;
  // The bytes may be the reader's reused buffer: they are only read below, up to the decoding into a string.
  if (ctx.accounting) file.wordCounts = countWholeWords(bytes, ctx.scanner.identifiers);
  if (bytes.length > MAX_PARSE_BYTES) {
    // It names the APIs (the prefilter said so) but is not parsed: an error, never "0 mention the APIs" and exit 0.
    file.diagnose('error', 'too-large', `${(bytes.length / 1048576).toFixed(1)} MiB is over the ${MAX_PARSE_BYTES / 1048576} MiB parse limit but names a migrated API; not processed`);
    file.candidate = true;
    return undefined;
  }
  if (bytes.subarray(0, 8192).includes(0)) {
    file.diagnose('warning', 'binary', 'contains NUL bytes: not a C source; not processed');
    return undefined;
  }
  const source = decodeSource(bytes);
  if (source.encoding === 'latin1') file.diagnose('info', 'not-utf8', 'not valid UTF-8: processed byte for byte as Latin-1');
  if (source.text.includes('\r\n')) file.diagnose('info', 'crlf', 'CRLF line endings: rewritten lines keep them');
  return source;
}

/** Facts the rules may ask about the file; computed when a rule first asks (most candidates hold no site that needs them). */
function factsOf(job: FileJob, ctx: ProcessContext, text: string, deps: DependencyRecorder | undefined): FileFacts {
  let license: LicenseInfo | undefined;
  let definitions: DefinitionResolver | undefined;
  const treeRoot = treeRootOf(job);
  const memo = new Map<string, unknown>();
  return {
    get license() {
      return (license ??= ctx.licenses.resolve(job.absPath, text, deps));
    },
    target: ctx.target,
    policy: ctx.policy ?? 'upstream',
    includeHeaders: ctx.includeHeaders ?? false,
    text,
    memo<T>(key: string, compute: () => T): T {
      if (!memo.has(key)) memo.set(key, compute());
      return memo.get(key) as T;
    },
    definitions: (name) => {
      definitions ??= treeDefinitions({ absPath: job.absPath, text, ...(treeRoot ? { treeRoot } : {}), ...(deps ? { deps } : {}), parse: (t) => ctx.parser.parseNormalised(t, normaliseOptions(ctx)).rootNode });
      return definitions(name);
    },
  };
}

/** The kernel tree's root directory, when the file is inside one. */
function treeRootOf(job: FileJob): string | undefined {
  return job.treePath && job.absPath.endsWith(job.treePath) ? job.absPath.slice(0, job.absPath.length - job.treePath.length) : undefined;
}

/** Take the sites a partner in another file keeps (cross-file pairing) out of the plan, with their fixes. */
function keepSites(plan: FilePlan, keep: ReadonlyMap<number, KeptSite>): FilePlan {
  for (const [start, kept] of keep) plan.ledger.keepOnOldApi(start, 'plan', kept.reason, kept.message);
  const live = plan.ledger.convertedFixIds();
  return { ...plan, fixes: plan.fixes.filter((fx) => live.has(fx.id)) };
}

/** Does a rule declare this file (relative to the kernel tree root) as an implementation of its API? */
function isImplementationFile(job: FileJob, rules: readonly LoadedRule[]): boolean {
  return job.treePath !== undefined && rules.some((l) => l.rule.meta.implementedIn?.includes(job.treePath!));
}

interface Passes {
  readonly output: string;
  readonly applied: Fix[];
  readonly passes: number;
}

interface Reparsed extends Passes {
  /** ERROR/MISSING nodes of the input, and of the output. */
  readonly before: number;
  readonly after: number;
  /** The output's tree parsed the way the input was, when the behaviour model will read it. */
  readonly outputTree?: Tree;
}

/** Reject new parse errors: a rewrite must not add ERROR or MISSING nodes; the fixes that do are withdrawn. */
function rejectNewParseErrors(text: string, plan: FilePlan, result: Passes, ctx: ProcessContext, file: FileState): Reparsed {
  const before = plan.tree ? countErrorNodes(plan.tree.rootNode) : 0;
  const unchanged = (): Reparsed => {
    file.diagnose('error', 'output-parse-errors', `rewritten text has ${after - before} more parse errors; file left unchanged`);
    plan.ledger.withdrawFixes(new Set(applied.map((a) => a.id)), 'reparse', 'new-parse-errors');
    return { output: text, applied: [], passes: result.passes, before, after: before };
  };
  let { output, applied } = result;
  if (applied.length === 0) return { ...result, before, after: before };
  let after: number;
  let outputTree: Tree | undefined;
  if (willVerify(ctx, plan)) {
    // The behaviour model compares the plan's tree with the output's, parsed the same way.
    outputTree = parseLike(ctx, plan, text, output);
    after = countErrorNodes(outputTree.rootNode);
  } else {
    // The plan's tree is not used after this point: re-parse incrementally from it.
    after = plan.parse ? countErrorNodes(ctx.parser.reparseNormalised(plan.parse, output, normaliseOptions(ctx), focusOf(ctx, text, output, plan.wholeFile)).rootNode) : reparse(ctx, plan.wholeFile, text, output);
  }
  if (after <= before) return { ...result, before, after, ...(outputTree ? { outputTree } : {}) };
  // Later-pass fixes are in intermediate coordinates: withdraw them all.
  if (result.passes > 1) return unchanged();
  const bad = applied.filter((fix) => reparse(ctx, plan.wholeFile, text, applyFixes(text, [fix]).text) > before);
  const keep = applied.filter((fix) => !bad.includes(fix));
  const redo = applyFixes(text, keep);
  output = redo.text;
  applied = [...redo.applied];
  outputTree = parseLike(ctx, plan, text, output);
  after = countErrorNodes(outputTree.rootNode);
  plan.ledger.withdrawFixes(new Set(bad.map((b) => b.id)), 'reparse', 'new-parse-errors');
  if (after > before) return unchanged();
  return { output, applied, passes: result.passes, before, after, outputTree };
}

function willVerify(ctx: ProcessContext, plan: FilePlan): boolean {
  return !ctx.noVerify && plan.tree !== undefined;
}

/** Verify: the behaviour model; fixes of functions it rejects or cannot judge are withdrawn. */
function verifyStage(text: string, plan: FilePlan, first: Passes, r: Reparsed, ctx: ProcessContext, file: FileState): { output: string; applied: Fix[]; after: number; model?: ModelReport } {
  if (r.applied.length === 0 || !willVerify(ctx, plan) || !plan.tree) return { output: r.output, applied: r.applied, after: r.after };
  try {
    const v = verifyFixes({
      text,
      output: r.output,
      applied: r.applied,
      firstPass: new Set(plan.fixes.map((f) => f.id)),
      passes: r.passes,
      ledger: plan.ledger,
      rules: ctx.rules,
      parse: (t) => parseLike(ctx, plan, text, t),
      parseMacroBody: (t, directive, start, end) => ctx.parser.parseMacroBody(t, directive, start, end, normaliseOptions(ctx)),
      oldTree: plan.tree,
      callees: plan.callees ?? [],
      ...(r.outputTree && r.output === first.output ? { newTree: r.outputTree } : {}),
    });
    const after = v.output === r.output ? r.after : v.output === text ? r.before : reparse(ctx, plan.wholeFile, text, v.output);
    return { output: v.output, applied: v.applied, after, model: v.report };
  } catch (err) {
    // A bug in the model: nothing of this file is written unverified.
    file.diagnose('error', 'model-failed', `internal error in the behaviour model; the file is left unchanged: ${(err as Error).stack ?? String(err)}`);
    plan.ledger.withdrawFixes(new Set(r.applied.map((a) => a.id)), 'verify', 'model-unjudged');
    return { output: text, applied: [], after: r.before };
  }
}

function normaliseOptions(ctx: ProcessContext): NormaliseOptions {
  return ctx.forEachMacros ? { forEachMacros: ctx.forEachMacros } : {};
}

/**
 * ERROR/MISSING nodes of a rewritten text, parsed the way the input was: the
 * top-level items holding an API name or a change (the input's items with
 * sites hold the changes).
 */
function reparse(ctx: ProcessContext, wholeFile: boolean | undefined, original: string, text: string): number {
  return countErrorNodes(ctx.parser.parseKernel(text, normaliseOptions(ctx), focusOf(ctx, original, text, wholeFile)).tree.rootNode);
}

/**
 * A rewritten text parsed the way the input was, for the behaviour model: a
 * new tree (the plan's is still read), re-parsed incrementally from a copy
 * of the plan's.
 */
function parseLike(ctx: ProcessContext, plan: FilePlan, original: string, text: string): Tree {
  const focus = focusOf(ctx, original, text, plan.wholeFile);
  if (plan.parse) return ctx.parser.reparseNormalisedKeeping(plan.parse, text, normaliseOptions(ctx), focus);
  return ctx.parser.parseKernel(text, normaliseOptions(ctx), focus).tree;
}

/** The items to parse: those holding an API name or a change, or everything when the plan parsed the whole file. */
function focusOf(ctx: ProcessContext, original: string, text: string, wholeFile?: boolean): Range[] | undefined {
  if (wholeFile) return undefined;
  return [...ctx.scanner.occurrences(text), ...changedRanges(original, text)];
}

/**
 * Apply the plan; fixes deferred by a conflict are re-planned on the new text
 * and retried, up to MAX_FIX_PASSES. Fixes applied in later passes are
 * renumbered onto the first pass's findings by mapping positions back.
 */
function applyInPasses(text: string, plan: FilePlan, ctx: ProcessContext, path: string, facts: FileFacts): Passes {
  let result = applyFixes(text, plan.fixes);
  const applied: Fix[] = [...result.applied];
  let current = result.text;
  const editLog: (readonly TextEdit[])[] = [result.edits];
  const deferred = new Set(result.deferred.map((d) => d.id));
  let passes = 1;
  for (let pass = 2; pass <= MAX_FIX_PASSES && deferred.size > 0; pass++) {
    const firstFindings = plan.ledger.findings();
    const deferredStarts = new Set(firstFindings.filter((f) => f.fixId !== undefined && deferred.has(f.fixId)).map((f) => f.range.start));
    const again = planStages(path, current, facts, ctx, plan.wholeFile ? { wholeFile: true } : {});
    const againFindings = again.ledger.findings();
    const toOriginal = (index: number) => editLog.reduceRight((i, edits) => mapBack(i, edits), index);
    const retry = again.fixes.filter((fix) =>
      againFindings.some((f) => f.fixId === fix.id && f.status === 'convert' && deferredStarts.has(toOriginal(f.range.start))),
    );
    if (retry.length === 0) break;
    result = applyFixes(current, retry);
    if (result.applied.length === 0) break;
    // Renumber: a fix applied now stands for the first-pass fix of the same site.
    for (const fix of result.applied) {
      const starts = againFindings.filter((f) => f.fixId === fix.id).map((f) => toOriginal(f.range.start));
      const original = firstFindings.find((f) => f.fixId !== undefined && starts.includes(f.range.start));
      if (original?.fixId !== undefined) {
        applied.push({ ...fix, id: original.fixId });
        deferred.delete(original.fixId);
      }
    }
    editLog.push(result.edits);
    current = result.text;
    passes = pass;
  }
  return { output: current, applied, passes };
}
