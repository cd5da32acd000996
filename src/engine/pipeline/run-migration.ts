/**
 * The pipeline: resolve the tree and target, discover sources, and process
 * each file. Writing the results and making diffs are output steps
 * (src/deliver/output), run on the RunResult by the caller. No console, no
 * process.*: progress goes through `ctx.onEvent`.
 */
import { availableParallelism } from 'node:os';
import { statSync } from 'node:fs';
import { readControlFile } from '../../core/control-file.js';
import path from 'node:path';
import { UsageError } from '../../core/errors.js';
import type { FileOutcome } from '../../core/outcome.js';
import type { DmaPolicy, Rule } from '../../core/rule.js';
import { describeTarget, type KernelVersion, type TargetInfo } from '../../core/target.js';
import type { Diagnostic } from '../../core/types.js';
import { findKernelTree, resolveTarget, type KernelTree } from '../discover/kernel-tree.js';
import { chooseRoot, discoverSources, relativePath, type DiscoveryResult } from '../discover/sources.js';
import { excludeSources } from '../discover/exclude.js';
import { loadRules, selectRules } from '../match/index.js';
import { accountOccurrences, type Accounting } from './accounting.js';
import { closePool, processInParallel, startPool } from './parallel.js';
import { cacheScope, createProcessContext, isReported, processBatch, processConfigFor } from './process-batch.js';
import { createCParser } from '../parse/index.js';
import { RULES } from '../../rules/index.js';
import { MAX_PARSE_BYTES, processFile, type FileJob, type ProcessContext } from './process-file.js';
import { crossFilePartners, refusedIncluders, type KeptSite } from '../../rules/_dma/cross-file.js';
import { summarize, type RunSummary } from './summary.js';
import { cacheConfigFor, DEFAULT_CACHE_MAX_BYTES, evictOverLimit, ManifestRun, manifestKey, resultsDir, type CacheOptions, type ManifestReport } from '../cache/index.js';

export type { CacheOptions } from '../cache/index.js';

export interface RunOptions {
  readonly paths: readonly string[];
  readonly mode: 'scan' | 'rewrite';
  /** Rule ids; empty selects all. */
  readonly rules?: readonly string[];
  readonly targetVersion?: KernelVersion;
  /** Report paths relative to this directory. */
  readonly root?: string;
  /** Parse every file, not only those the byte prefilter lets through (for testing it). */
  readonly noPrefilter?: boolean;
  /** Do not run the behaviour model on the rewrites. */
  readonly noVerify?: boolean;
  /** Rules to use instead of the built-in registry (tests; runs on one thread). */
  readonly ruleSet?: readonly Rule[];
  /** Worker threads for parsing and matching; 1 runs on this thread. Default: one per core. */
  readonly jobs?: number;
  /** Account for every occurrence and measure parse health before normalisation (`scan --stats`). */
  readonly accounting?: boolean;
  /** DMA call-site policy: `upstream` (default) or `all`. */
  readonly policy?: DmaPolicy;
  /** Rewrite inline functions and macros in headers (default: reported `shared-header`). */
  readonly includeHeaders?: boolean;
  /** Globs of paths to leave out (relative to the root). */
  readonly exclude?: readonly string[];
  /** Leave out what git ignores when the root is in a work tree (default true). */
  readonly gitignore?: boolean;
  /** The result cache (absent: none; the CLI passes DMA_MIGRATE_CACHE's unless --no-cache). Not used with `ruleSet`. */
  readonly cache?: CacheOptions;
}

/** What the result cache did in a run (counted over candidate files; not part of any report). */
export interface CacheReport {
  /** Where the results are stored. */
  readonly dir: string;
  readonly hits: number;
  readonly stored: number;
  /** Made but not stored: the cache was not writable. */
  readonly failed: number;
  /** After the run's eviction, when it ran (only a run that stored something walks the cache). */
  readonly entries?: number;
  readonly bytes?: number;
  readonly evicted?: number;
  /** The stat manifest (absent when not used: --no-prefilter, --stats): files not read because unchanged and ruled out last time. */
  readonly manifest?: ManifestReport;
}

export type RunEvent =
  | { readonly kind: 'discovered'; readonly files: number }
  | { readonly kind: 'file-done'; readonly done: number; readonly total: number; readonly path: string };

export interface RunContext {
  readonly onEvent?: (event: RunEvent) => void;
}

export interface RunResult {
  readonly root: string;
  readonly tree?: KernelTree;
  readonly target: TargetInfo;
  readonly targetDescription: string;
  readonly rules: readonly Rule[];
  /** Outcomes of candidate files and of files with diagnostics, sorted by path. */
  readonly files: FileOutcome[];
  readonly filesScanned: number;
  readonly diagnostics: Diagnostic[];
  /** Files written in place (filled in by the output step that writes them, `withWrites`). */
  readonly written: readonly string[];
  readonly summary: RunSummary;
  /** With `accounting`: every occurrence classified, and parse health. */
  readonly accounting?: Accounting;
  /** With a result cache: hits and stores. */
  readonly cache?: CacheReport;
}

/** Below this many files a run without --jobs uses no workers. */
export const SMALL_RUN_FILES = 500;

export async function runMigration(options: RunOptions, ctx: RunContext = {}): Promise<RunResult> {
  if (options.paths.length === 0) throw new UsageError('no PATH given');
  const rules = selectRules(options.ruleSet ?? RULES, options.rules ?? []);
  // Load the rules here too, so a bad query stops the run before any file is read.
  loadRules(rules, createCParser());

  const tree = findKernelTree(options.paths[0]!);
  const root = chooseRoot(options.paths, tree?.root, options.root);
  const target = resolveTarget(tree, options.targetVersion);
  // Rules other than the registry's (tests) are not part of the tool's identity: no cache for them.
  const cache = options.ruleSet ? undefined : cacheConfigFor(options.cache);
  const config = processConfigFor({ rules, target, root, tree, noPrefilter: options.noPrefilter, noVerify: options.noVerify, accounting: options.accounting, policy: options.policy ?? 'upstream', includeHeaders: options.includeHeaders ?? false, ...(cache ? { cache } : {}) });
  // A run over a kernel tree directory is big: start the workers now, while discovery walks it.
  const cores = options.jobs ?? availableParallelism();
  const early = !options.ruleSet && cores > 1 && (options.jobs !== undefined || (tree !== undefined && isDirectory(options.paths[0]!)));
  // This thread processes files too (processInParallel): one worker fewer than cores.
  let pool = early ? startPool(config, cores - 1) : undefined;
  try {
    const found = discoverSources(options.paths, root);
    const kept = excludeSources(found.files, root, { patterns: options.exclude ?? [], gitignore: options.gitignore ?? true });
    const discovery = { files: kept.files, diagnostics: [...found.diagnostics, ...kept.diagnostics] };
    ctx.onEvent?.({ kind: 'discovered', files: discovery.files.length });
    const jobs: FileJob[] = discovery.files.map((f) => {
      const treePath = tree ? relativePath(tree.root, f.absPath) : undefined;
      return { absPath: f.absPath, path: f.path, ...(treePath && !treePath.startsWith('..') ? { treePath } : {}) };
    });
    const total = jobs.length;
    // The stat manifest: unchanged files the prefilter ruled out last time are not read (they count as scanned).
    // Not with --no-prefilter (nothing is ruled out) nor --stats (accounting counts every file's bytes).
    const manifest = cache && !options.noPrefilter && !options.accounting ? new ManifestRun<FileJob>(cache.dir, manifestKey(cacheScope(config, cache), root, options.paths.map((p) => path.resolve(p))), options.cache?.clock) : undefined;
    const work = manifest ? manifest.select(jobs) : jobs;
    const skipped = total - work.length;
    // Workers cost a few hundred ms to start: small runs stay on this thread unless --jobs says otherwise.
    const parallel = !options.ruleSet && cores > 1 && work.length > 1 && (options.jobs !== undefined || work.length >= SMALL_RUN_FILES);
    let files: FileOutcome[];
    let local: ProcessContext | undefined;
    const localContext = (): ProcessContext => (local ??= createProcessContext(config, rules));
    if (parallel) {
      pool ??= startPool(config, Math.min(cores, work.length) - 1);
      files = await processInParallel(pool, work, (done, last) => ctx.onEvent?.({ kind: 'file-done', done: skipped + done, total, path: last }), localContext());
    } else {
      let done = skipped;
      files = await processBatch(work, localContext(), (job) => ctx.onEvent?.({ kind: 'file-done', done: ++done, total, path: job.path }));
    }
    // Recorded before cross-file pairing, from what the prefilter decided: a file without a reported outcome was ruled out.
    const stamps = manifest?.finish(jobs, new Set(files.filter(isReported).map((f) => f.path)));
    files = pairAcrossFiles(files, jobs, config.includeHeaders ?? false, localContext);
    const result = finish(options, { root, tree, target, rules, files, discovery });
    return cache ? { ...result, cache: cacheReport(files, cache.dir, options.cache?.maxBytes ?? DEFAULT_CACHE_MAX_BYTES, stamps) } : result;
  } finally {
    if (pool) await closePool(pool);
  }
}

/** Count the cache's work; a run that stored results keeps the cache under its bound (once, here, at the end). */
function cacheReport(files: readonly FileOutcome[], dir: string, maxBytes: number, manifest: ManifestReport | undefined): CacheReport {
  const count = (kind: FileOutcome['cache']) => files.filter((f) => f.cache === kind).length;
  const report = { dir: resultsDir(dir), hits: count('hit'), stored: count('stored'), failed: count('failed'), ...(manifest ? { manifest } : {}) };
  if (report.stored === 0) return report;
  const e = evictOverLimit(report.dir, maxBytes);
  return { ...report, entries: e.entries, bytes: e.bytes, evicted: e.removed };
}

/** Rounds of cross-file pairing: each round re-processes the files whose sites a partner keeps. */
const MAX_PAIRING_ROUNDS = 4;

/** Maps and unmaps of one handle in different files convert together or not at all (rules/_dma/cross-file.ts). */
function pairAcrossFiles(files: FileOutcome[], jobs: readonly FileJob[], includeHeaders: boolean, makeContext: () => ProcessContext): FileOutcome[] {
  const kept = new Map<string, Map<number, KeptSite>>();
  const jobOf = new Map(jobs.map((j) => [j.path, j]));
  let base: ProcessContext | undefined;
  for (let round = 0; round < MAX_PAIRING_ROUNDS; round++) {
    const plan = crossFilePartners(files);
    if (includeHeaders) for (const [p, sites] of refusedIncluders(files, readText)) for (const [start, k] of sites) (plan.get(p) ?? plan.set(p, new Map()).get(p)!).set(start, k);
    if (plan.size === 0) break;
    const redo = new Map<string, FileOutcome>();
    for (const [p, sites] of plan) {
      const all = kept.get(p) ?? kept.set(p, new Map()).get(p)!;
      for (const [start, k] of sites) all.set(start, k);
      const job = jobOf.get(p);
      base ??= makeContext();
      if (job) redo.set(p, processFile(job, { ...base, keep: all }));
    }
    files = files.map((f) => redo.get(f.path) ?? f);
  }
  return files;
}

/** A file of the run, read the way control files are (a regular file, under the parse limit), as Latin-1. */
function readText(absPath: string): string | undefined {
  try {
    return readControlFile(absPath, MAX_PARSE_BYTES, 'latin1');
  } catch {
    return undefined; // reported by the file's own processing
  }
}

function isDirectory(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false; // a missing path is reported by discovery
  }
}

interface Processed {
  readonly root: string;
  readonly tree: KernelTree | undefined;
  readonly target: TargetInfo;
  readonly rules: readonly Rule[];
  readonly files: FileOutcome[];
  readonly discovery: DiscoveryResult;
}

function finish(options: RunOptions, { root, tree, target, rules, files, discovery }: Processed): RunResult {
  const diagnostics = [...discovery.diagnostics, ...files.flatMap((f) => f.diagnostics)];
  return {
    root,
    ...(tree ? { tree } : {}),
    target,
    targetDescription: describeTarget(target),
    rules,
    files,
    filesScanned: discovery.files.length,
    diagnostics,
    written: [],
    summary: summarize(files, rules, discovery.files.length, diagnostics),
    ...(options.accounting ? { accounting: accountOccurrences(files, rules.flatMap((r) => r.meta.apis)) } : {}),
  };
}

/** The result after an output step wrote files in place: its files and diagnostics join the report and the summary. */
export function withWrites(result: RunResult, written: readonly string[], diagnostics: readonly Diagnostic[]): RunResult {
  const all = [...result.diagnostics, ...diagnostics];
  return { ...result, written: [...result.written, ...written], diagnostics: all, summary: summarize(result.files, result.rules, result.filesScanned, all) };
}

export function displayPath(root: string, p: string): string {
  return path.relative(root, p) || '.';
}
