/** `scan` and `rewrite`: run the pipeline and print the report, diff or JSON. */
import type { ExitCode } from '../../core/exit-codes.js';
import { UsageError } from '../../core/errors.js';
import { LineIndex } from '../../core/range.js';
import { diffBytes } from '../../deliver/output/diff.js';
import { jsonFinding, type JsonReport } from '../../deliver/output/json-report.js';
import { writeOutcomes } from '../../deliver/output/write.js';
import { applyFixes } from '../../engine/apply/index.js';
import { runMigration, withWrites, type RunEvent, type RunResult } from '../../engine/pipeline/index.js';
import { describeUnbuildable, unbuildableOnBase } from '../../engine/discover/base-tree-lacks.js';
import { exitStatusOf } from '../exit-status.js';
import type { CliIO } from '../io.js';
import { cacheOptions, parseJobs, parsePolicy, parseTargetVersion } from '../options.js';
import { SIGNAL_EXIT, testPause, type Interrupts } from '../interrupt.js';
import { renderInterrupted } from '../render/interrupted.js';
import { renderFindings, renderRunDiagnostics, renderSummary } from '../render/findings.js';
import { makeStyle } from '../render/style.js';
import { createProgress } from '../render/progress.js';
import { renderMismatches, renderStats } from '../render/stats.js';

export interface RunCommandOptions {
  readonly json?: boolean;
  readonly write?: boolean;
  readonly rule?: string[];
  readonly targetVersion?: string;
  readonly root?: string;
  readonly prefilter?: boolean;
  readonly verify?: boolean;
  readonly summary?: boolean;
  readonly jobs?: string;
  readonly stats?: boolean;
  readonly policy?: string;
  readonly includeHeaders?: boolean;
  readonly exclude?: string[];
  readonly gitignore?: boolean;
  readonly quiet?: boolean;
  readonly lines?: string;
  /** false with --no-cache. */
  readonly cache?: boolean;
  readonly verbose?: boolean;
}

/** `--lines 120,134-140`: the lines whose sites to rewrite. */
export function parseLines(value: string | undefined): ((line: number) => boolean) | undefined {
  if (value === undefined) return undefined;
  const ranges: [number, number][] = [];
  for (const part of value.split(',').map((p) => p.trim()).filter(Boolean)) {
    const m = /^(\d+)(?:-(\d+))?$/.exec(part);
    if (!m || Number(m[1]) < 1 || (m[2] !== undefined && Number(m[2]) < Number(m[1]))) throw new UsageError(`--lines expects line numbers and ranges (120,134-140), got "${value}"`);
    ranges.push([Number(m[1]), Number(m[2] ?? m[1])]);
  }
  if (ranges.length === 0) throw new UsageError('--lines expects at least one line number');
  return (line) => ranges.some(([a, b]) => line >= a && line <= b);
}

/**
 * Keep only the fixes with a converted site on the chosen lines (a fix is
 * kept whole: a kmap conversion's map and unmap together), and those of the
 * DMA sites that share a handle with one (a map and its unmaps together). A file whose
 * chosen fixes do not apply on their own keeps its whole rewrite and says so.
 */
function onlyLines(result: RunResult, inLines: (line: number) => boolean): { result: RunResult; whole: string[] } {
  const whole: string[] = [];
  const files = result.files.map((f) => {
    if (f.original === undefined || f.output === undefined) return f;
    // A DMA map and its unmaps stay on one API: the partners of a chosen site (sharing a handle key) come along.
    const onLines = f.findings.filter((x) => x.status === 'convert' && inLines(x.line));
    const keys = new Set(onLines.flatMap((x) => x.handle?.keys ?? []));
    const wanted = f.findings.filter((x) => x.status === 'convert' && (onLines.includes(x) || (x.handle?.keys ?? []).some((k) => keys.has(k))));
    const chosen = f.applied.filter((fix) => wanted.some((x) => x.fixId === fix.id));
    if (chosen.length === f.applied.length) return f;
    if (chosen.length === 0) return { ...f, output: undefined, applied: [] };
    const r = applyFixes(f.original, chosen);
    if (r.applied.length !== chosen.length) {
      whole.push(f.path);
      return f;
    }
    return { ...f, output: r.text, applied: chosen };
  });
  return { result: { ...result, files }, whole };
}

export async function runCommand(mode: 'scan' | 'rewrite', paths: string[], opts: RunCommandOptions, io: CliIO): Promise<ExitCode> {
  const targetVersion = parseTargetVersion(opts.targetVersion);
  const jobs = parseJobs(opts.jobs);
  if (opts.write && mode !== 'rewrite') throw new UsageError('--write only applies to rewrite');
  const policy = parsePolicy(opts.policy);
  const inLines = parseLines(opts.lines);
  if (inLines && (mode !== 'rewrite' || opts.write)) throw new UsageError('--lines works with rewrite without --write: pipe its diff to `git apply`');
  if (opts.quiet && opts.summary) throw new UsageError('--quiet and --summary exclude each other (--summary prints only the summary)');
  const cache = cacheOptions(opts, io.env);
  const progress = opts.quiet ? { onEvent: () => undefined, stop: () => undefined } : createProgress(io);
  // --write: an interrupt while processing exits at once (nothing written yet); while writing, the run
  // stops on a file boundary and says what was and was not written (cli/interrupt.ts).
  const interrupts = opts.write ? io.interrupts : undefined;
  interrupts?.enter('processing');
  try {
    return await runAndReport(mode, paths, opts, io, { targetVersion, jobs, policy, inLines, progress, interrupts, cache });
  } finally {
    interrupts?.enter('idle');
  }
}

interface Prepared {
  readonly targetVersion: ReturnType<typeof parseTargetVersion>;
  readonly jobs: number | undefined;
  readonly policy: ReturnType<typeof parsePolicy>;
  readonly inLines: ((line: number) => boolean) | undefined;
  readonly progress: { onEvent: (e: RunEvent) => void; stop: () => void };
  readonly interrupts: Interrupts | undefined;
  readonly cache: ReturnType<typeof cacheOptions>;
}

async function runAndReport(mode: 'scan' | 'rewrite', paths: string[], opts: RunCommandOptions, io: CliIO, { targetVersion, jobs, policy, inLines, progress, interrupts, cache }: Prepared): Promise<ExitCode> {
  const run = await runMigration(
    {
      paths,
      mode,
      rules: opts.rule ?? [],
      ...(targetVersion ? { targetVersion } : {}),
      ...(opts.root ? { root: opts.root } : {}),
      noPrefilter: opts.prefilter === false,
      noVerify: opts.verify === false,
      ...(jobs !== undefined ? { jobs } : {}),
      accounting: opts.stats ?? false,
      policy,
      includeHeaders: opts.includeHeaders ?? false,
      exclude: opts.exclude ?? [],
      gitignore: opts.gitignore ?? true,
      ...(cache ? { cache } : {}),
    },
    { onEvent: (e) => progress.onEvent(e) },
  ).finally(() => progress.stop());
  const narrowed = inLines ? onlyLines(run, inLines) : { result: run, whole: [] };
  for (const p of narrowed.whole) io.stderr.write(`dma-migrate: ${p}: the sites on --lines cannot be rewritten apart from the rest of the file; its whole rewrite is shown\n`);
  // Output steps: write in place (rewrite --write), or the diff below.
  await testPause(io, interrupts, 'processing');
  interrupts?.enter('writing');
  const stop = interrupts
    ? async (n: number) => {
        await testPause(io, interrupts, `write:${n}`);
        return interrupts.received !== undefined;
      }
    : undefined;
  const written = opts.write ? await writeOutcomes(narrowed.result.files, String(io.pid), stop) : undefined;
  interrupts?.enter('idle');
  if (written && interrupts?.received) {
    io.stderr.write(renderInterrupted(interrupts.received, written));
    return SIGNAL_EXIT[interrupts.received];
  }
  const result = written ? withWrites(narrowed.result, written.written, written.diagnostics) : narrowed.result;
  if (result.accounting && result.accounting.mismatches.length > 0) io.stderr.write(renderMismatches(result.accounting));
  // The cache's work, on stderr and only when asked (--verbose, --stats): the report and diff never change with it.
  if (result.cache && (opts.verbose || opts.stats)) io.stderr.write(renderCacheReport(result.cache));
  else if (result.cache && result.cache.failed > 0) io.stderr.write(`warning: ${result.cache.failed} results could not be stored in the result cache ${result.cache.dir} (not writable?); use --no-cache or set DMA_MIGRATE_CACHE\n`);
  // Once per run, not per site: the rewrite is for a newer kernel than the tree it was made on.
  const unbuildable = mode === 'rewrite' ? unbuildableOnBase(result) : [];
  if (unbuildable.length > 0) io.stderr.write(`warning: ${describeUnbuildable(unbuildable, result.tree)}\n`);
  if (opts.json) {
    io.stdout.write(JSON.stringify(jsonReport(result, mode === 'rewrite' && !opts.write), null, 2) + '\n');
    return exitStatusOf(result, mode);
  }
  const out = makeStyle(io.stdout.isTTY ?? false, io.env);
  const err = makeStyle(io.stderr.isTTY ?? false, io.env);
  // What discovery left out (--exclude, .gitignore), said once on stderr.
  const leftOut = result.diagnostics.filter((d) => d.code === 'excluded' || d.code === 'gitignored');
  if (!opts.quiet) for (const d of leftOut) io.stderr.write(`${err.gray('note:')} ${d.message}\n`);
  if (opts.summary) {
    // Summary only: no site list, no diff.
    io.stdout.write(renderSummary(result, out, mode, opts.write ?? false));
  } else if (mode === 'scan' && result.accounting) {
    io.stdout.write(renderStats(result.accounting, out, mode));
    if (!opts.quiet) io.stdout.write('\n' + renderSummary(result, out, mode, false));
  } else if (mode === 'scan') {
    io.stdout.write(renderFindings(result.files, out));
    io.stderr.write(renderRunDiagnostics(result, err));
    if (!opts.quiet) io.stdout.write(renderSummary(result, out, mode, false));
  } else {
    if (!opts.write) for (const chunk of diffChunks(result)) io.stdout.write(chunk);
    // Sites left for a human, then the table, on stderr so the diff stays clean for `git apply`;
    // the same reason at many sites is said once, with a count.
    if (!opts.quiet) io.stderr.write(renderFindings(result.files, err, false, true));
    io.stderr.write(renderRunDiagnostics(result, err));
    if (!opts.quiet) io.stderr.write(renderSummary(result, err, mode, opts.write ?? false));
  }
  return exitStatusOf(result, mode);
}

/**
 * `cache: 812 files replayed, 3 processed and stored (4 100 entries, 60.2 MB, in DIR)`, and with the
 * stat manifest a second line: `cache: 61 700 files not read (unchanged, no migrated API last run); 61 702 recorded`.
 */
function renderCacheReport(c: NonNullable<RunResult['cache']>): string {
  const size = c.entries !== undefined && c.bytes !== undefined ? `; ${c.entries} entries, ${(c.bytes / 1048576).toFixed(1)} MB${c.evicted ? `, ${c.evicted} evicted` : ''}` : '';
  const unstored = c.failed > 0 ? `, ${c.failed} could not be stored` : '';
  const m = c.manifest;
  const manifest = m ? `cache: ${m.skipped} files not read (unchanged, no migrated API last run); ${m.recorded} recorded for the next run${m.written ? '' : ' (manifest unchanged)'}\n` : '';
  return `cache: ${c.hits} files replayed, ${c.stored} processed and stored${unstored}${size} (${c.dir})\n${manifest}`;
}

function* diffChunks(result: RunResult): Generator<Uint8Array> {
  for (const f of result.files) {
    if (f.original !== undefined && f.output !== undefined) {
      yield diffBytes({ path: f.path, original: f.original, output: f.output, encoding: f.encoding });
    }
  }
}

function jsonReport(result: RunResult, withDiff: boolean): JsonReport {
  const findings = result.files.flatMap((file) => {
    const lines = file.findings.some((f) => f.related) && file.original ? new LineIndex(file.original) : undefined;
    return file.findings.map((f) => jsonFinding(file, f, (i) => (lines ? lines.positionOf(i).line : f.line)));
  });
  return {
    root: result.root,
    target: result.targetDescription,
    findings,
    summary: result.summary,
    diagnostics: result.diagnostics,
    ...(result.accounting ? { accounting: result.accounting } : {}),
    ...(withDiff ? { diff: [...diffChunks(result)].map((b) => Buffer.from(b).toString('utf8')).join('') } : {}),
  };
}
