/**
 * The per-file result cache. A candidate file's result (its FileOutcome) is
 * stored under a key made of everything it depends on that the run knows
 * before processing it: the file's bytes (sha256), its paths (the output
 * names them and rules read them), and the scope — the tool's identity
 * (tool-version.ts) and the processing configuration (rules, target,
 * policy, headers, verification, prefilter, accounting, the tree's
 * iterator macros, the root). What the result read from other files while
 * it was made (module licences, MAINTAINERS, callee definitions) is stored
 * with it as dependencies and checked before a replay (check-dependencies.ts).
 *
 * Layout: `<cache dir>/results/v<N>/<first two hex digits>/<key>.json`.
 * Entries are written to a temp file beside their place and renamed, so a
 * reader (another run, another worker) sees a whole entry or none; two runs
 * storing the same key write the same content. A write failure (read-only
 * or full disk) stops this context's writes and is reported once in the
 * run's cache statistics; the run's output does not change.
 */
import { createHash, randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Dependency, DependencyRecorder } from '../../core/dependency.js';
import type { FileOutcome } from '../../core/outcome.js';
import { DependencyChecker, dependencyId } from './check-dependencies.js';
import { decodeEntry, encodeEntry, ENTRY_VERSION, type StoredOutcome } from './entry.js';
import { toolDigest } from './tool-version.js';

/** Where and as what a run caches: plain data, handed to workers. */
export interface CacheConfig {
  /** The cache directory (DMA_MIGRATE_CACHE or its default); results go under `results/`. */
  readonly dir: string;
  /** The tool's identity (toolDigest(); tests pass another to see entries invalidated). */
  readonly tool: string;
}

/** What a command asks of the cache (the CLI makes it from the environment and --no-cache). */
export interface CacheOptions {
  /** The cache directory; results go under `results/`. */
  readonly dir: string;
  /** Size bound of the stored results (default DEFAULT_CACHE_MAX_BYTES); the oldest go first. */
  readonly maxBytes?: number;
  /** The tool's identity instead of the digest of its code (tests: a "new version"). */
  readonly tool?: string;
  /** The clock the stat manifest's racy-write rule reads (tests: files made a moment ago look settled). */
  readonly clock?: () => number;
}

/** Default size bound of the result cache. */
export const DEFAULT_CACHE_MAX_BYTES = 512 * 1024 * 1024;

/** The configuration workers get: the directory and the tool's identity (its digest computed here, once per process). */
export function cacheConfigFor(options: CacheOptions | undefined): CacheConfig | undefined {
  return options ? { dir: options.dir, tool: options.tool ?? toolDigest() } : undefined;
}

export function resultsDir(cacheDir: string): string {
  return path.join(cacheDir, 'results', `v${ENTRY_VERSION}`);
}

/** Diagnostics that stand for a bug met while processing (maybe a passing one): such results are not stored. */
const INTERNAL_ERRORS = new Set(['rule-failed', 'model-failed', 'parse-failed']);

/** Collects a file's dependencies, each once. */
export class DependencyLog implements DependencyRecorder {
  private readonly seen = new Map<string, Dependency>();

  record(dep: Dependency): void {
    const id = dependencyId(dep);
    if (!this.seen.has(id)) this.seen.set(id, dep);
  }

  list(): Dependency[] {
    return [...this.seen.values()];
  }
}

export class ResultCache {
  private readonly results: string;
  private readonly checker = new DependencyChecker();
  private readonly shards = new Set<string>();
  private writeFailure: string | undefined;

  /** `scope`: a digest of everything besides the file that its result depends on (the tool, the configuration). */
  constructor(
    config: CacheConfig,
    private readonly scope: string,
  ) {
    this.results = resultsDir(config.dir);
  }

  /** The key of one file's result. */
  keyOf(file: { readonly path: string; readonly treePath?: string; readonly absPath: string }, bytes: Buffer): string {
    const content = createHash('sha256').update(bytes).digest('hex');
    return createHash('sha256').update([this.scope, file.path, file.treePath ?? '', file.absPath, content].join('\0'), 'utf8').digest('hex');
  }

  /** The stored result for `key` when there is a valid entry whose dependencies still hold. */
  lookup(key: string): StoredOutcome | undefined {
    let text: string;
    try {
      text = readFileSync(this.fileOf(key), 'utf8');
    } catch {
      return undefined; // no entry (or removed by an eviction meanwhile): a miss
    }
    const entry = decodeEntry(key, text);
    if (!entry || !this.checker.holds(entry.deps)) return undefined;
    return entry.outcome;
  }

  /** Store a fresh result: `stored`, `skipped` (an internal error in it), or `failed` (the cache is not writable). */
  store(key: string, outcome: FileOutcome, deps: readonly Dependency[]): 'stored' | 'skipped' | 'failed' {
    if (this.writeFailure !== undefined) return 'failed';
    if (outcome.diagnostics.some((d) => INTERNAL_ERRORS.has(d.code))) return 'skipped';
    const { absPath, stamp, original, cache, ...stored } = outcome;
    const file = this.fileOf(key);
    const temp = `${file}.${randomUUID()}.tmp`;
    try {
      const shard = path.dirname(file);
      if (!this.shards.has(shard)) {
        mkdirSync(shard, { recursive: true });
        this.shards.add(shard);
      }
      writeFileSync(temp, encodeEntry(key, { deps, outcome: stored }));
      renameSync(temp, file);
      return 'stored';
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      // ENOENT: a shard or temp file removed by another run's eviction meanwhile; this entry only is lost.
      if (code !== 'ENOENT') this.writeFailure = `${this.results}: ${code ?? String(err)}`;
      try {
        unlinkSync(temp);
      } catch {
        // the temp file was never made
      }
      return 'failed';
    }
  }

  /** Why this context stopped storing results, if it did. */
  get failure(): string | undefined {
    return this.writeFailure;
  }

  private fileOf(key: string): string {
    return path.join(this.results, key.slice(0, 2), `${key}.json`);
  }
}

/** A replayed result: the stored outcome with the fields of the current read. */
export function replayed(stored: StoredOutcome, read: { readonly absPath: string; readonly stamp: { readonly size: number; readonly mtimeMs: number }; readonly text: string }): FileOutcome {
  return { ...stored, absPath: read.absPath, stamp: read.stamp, ...(stored.output !== undefined ? { original: read.text } : {}), cache: 'hit' };
}
