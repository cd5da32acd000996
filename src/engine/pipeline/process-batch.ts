/**
 * Process a list of files with one context, on this thread: what a worker
 * does with its share, and what a single-threaded run does with all files.
 */
import type { FileOutcome } from '../../core/outcome.js';
import type { DmaPolicy, Rule } from '../../core/rule.js';
import type { TargetInfo } from '../../core/target.js';
import { readForEachMacros } from '../discover/clang-format.js';
import type { KernelTree } from '../discover/kernel-tree.js';
import { LicenseResolver } from '../discover/module-license.js';
import { loadRules, selectRules } from '../match/index.js';
import { createCParser } from '../parse/index.js';
import { scannerForRules } from '../prefilter/index.js';
import { RULES } from '../../rules/index.js';
import { SourceReader } from './read-source.js';
import { digestOf } from '../../core/dependency.js';
import { ResultCache, type CacheConfig } from '../cache/index.js';
import { processFile, type FileJob, type ProcessContext } from './process-file.js';

/** Everything a worker needs to build its own ProcessContext: plain data only. */
export interface ProcessConfig {
  readonly ruleIds: readonly string[];
  readonly target: TargetInfo;
  /** The run's root (module licences are resolved under it). */
  readonly root: string;
  readonly noPrefilter: boolean;
  /** Do not run the behaviour model on the rewrites. */
  readonly noVerify?: boolean;
  readonly forEachMacros?: readonly string[];
  readonly accounting: boolean;
  readonly policy?: DmaPolicy;
  readonly includeHeaders?: boolean;
  /** The result cache to use (absent: none). */
  readonly cache?: CacheConfig;
}

/**
 * The one place a processing configuration is made: `rewrite`/`scan`
 * (runMigration, and `series` through it) and `check` all parse with the
 * tree's own iterator macros (.clang-format ForEachMacros) and resolve
 * licences under the same root, so a file is read the same way by each.
 */
export function processConfigFor(input: {
  readonly rules: readonly Rule[];
  readonly target: TargetInfo;
  readonly root: string;
  readonly tree: KernelTree | undefined;
  readonly noPrefilter?: boolean;
  readonly noVerify?: boolean;
  readonly accounting?: boolean;
  readonly policy?: DmaPolicy;
  readonly includeHeaders?: boolean;
  readonly cache?: CacheConfig;
}): ProcessConfig {
  const forEachMacros = input.tree ? readForEachMacros(input.tree.root) : undefined;
  return {
    ruleIds: input.rules.map((r) => r.meta.id),
    target: input.target,
    root: input.root,
    noPrefilter: input.noPrefilter ?? false,
    noVerify: input.noVerify ?? false,
    accounting: input.accounting ?? false,
    policy: input.policy ?? 'upstream',
    includeHeaders: input.includeHeaders ?? false,
    ...(forEachMacros ? { forEachMacros: [...forEachMacros] } : {}),
    ...(input.cache ? { cache: input.cache } : {}),
  };
}

/**
 * The scope of a run's cached results: the tool's identity and every field
 * of the configuration (rules, target, root, policy, headers, verification,
 * prefilter, accounting, iterator macros). The cache directory is not part
 * of it.
 */
export function cacheScope(config: ProcessConfig, cache: CacheConfig): string {
  const { cache: _dir, ...processing } = config;
  return digestOf(Buffer.from(JSON.stringify({ tool: cache.tool, processing }), 'utf8'));
}

export function createProcessContext(config: ProcessConfig, ruleSet: readonly Rule[] = RULES): ProcessContext {
  const rules = selectRules(ruleSet, [...config.ruleIds]);
  const parser = createCParser();
  return {
    parser,
    rules: loadRules(rules, parser),
    scanner: scannerForRules(rules),
    target: config.target,
    licenses: new LicenseResolver(config.root),
    noPrefilter: config.noPrefilter,
    noVerify: config.noVerify ?? false,
    accounting: config.accounting,
    policy: config.policy ?? 'upstream',
    includeHeaders: config.includeHeaders ?? false,
    reader: new SourceReader(),
    ...(config.forEachMacros ? { forEachMacros: new Set(config.forEachMacros) } : {}),
    ...(config.cache ? { cache: new ResultCache(config.cache, cacheScope(config, config.cache)) } : {}),
  };
}

/** Outcomes worth keeping: candidate files and files with diagnostics. */
export function isReported(outcome: FileOutcome): boolean {
  return outcome.candidate || outcome.diagnostics.length > 0;
}

/**
 * The event loop turns after every file the rules look at (and every 64
 * files the prefilter rules out): native trees are freed only when it turns,
 * and a signal (SIGINT, SIGTERM) is handled only then, so a run on this
 * thread stops within one file of being interrupted.
 */
const YIELD_EVERY_FILES = 64;

export async function processBatch(jobs: readonly FileJob[], ctx: ProcessContext, onFile?: (job: FileJob) => void): Promise<FileOutcome[]> {
  const kept: FileOutcome[] = [];
  let sinceYield = 0;
  for (const job of jobs) {
    const outcome = processFile(job, ctx);
    if (isReported(outcome)) kept.push(outcome);
    onFile?.(job);
    if (outcome.candidate || ++sinceYield >= YIELD_EVERY_FILES) {
      sinceYield = 0;
      await new Promise((resolve) => setImmediate(resolve));
    }
  }
  return kept;
}
