/** Option parsing helpers shared by the commands. */
import { UsageError } from '../core/errors.js';
import type { DmaPolicy } from '../core/rule.js';
import { parseKernelVersion, type KernelVersion } from '../core/target.js';
import { cacheDir } from '../core/cache-dir.js';
import type { CacheOptions } from '../engine/pipeline/index.js';

export function parseTargetVersion(value: string | undefined): KernelVersion | undefined {
  if (value === undefined) return undefined;
  const v = parseKernelVersion(value);
  if (!v) throw new UsageError(`--target-version expects MAJOR.MINOR (e.g. 6.18), got "${value}"`);
  return v;
}

export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, ...value.split(',').map((s) => s.trim()).filter(Boolean)];
}

export function parseJobs(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 256) throw new UsageError(`--jobs expects a whole number from 1 to 256, got "${value}"`);
  return n;
}

export function parsePolicy(value: string | undefined): DmaPolicy {
  if (value === undefined) return 'upstream';
  if (value !== 'upstream' && value !== 'all') throw new UsageError(`--policy expects upstream or all, got "${value}"`);
  return value;
}

export const POLICY_HELP = 'DMA call sites to convert: "upstream" (default; only where the caller holds the address the page came from, as upstream did) or "all"';
export const HEADERS_HELP = 'also rewrite inline functions and macros in headers (default: reported shared-header)';

/** `--exclude` means the same on every command that takes paths or changes: a glob relative to the root. */
export const EXCLUDE_HELP = 'leave out paths matching this glob, relative to the root (repeat or comma-separate; "drivers/staging", "*_test.c"; a name without "/" matches at any depth)';
export const NO_CACHE_HELP = 'do not replay or store per-file results in the result cache ($DMA_MIGRATE_CACHE/results; README: "Result cache")';

/**
 * The result cache a command uses: under the cache directory
 * (DMA_MIGRATE_CACHE, else XDG_CACHE_HOME/dma-migrate, else
 * ~/.cache/dma-migrate), bounded by DMA_MIGRATE_CACHE_MAX_MB (default 512);
 * none with --no-cache (commander's `cache: false`).
 */
export function cacheOptions(opts: { readonly cache?: boolean }, env: NodeJS.ProcessEnv): CacheOptions | undefined {
  if (opts.cache === false) return undefined;
  const max = env.DMA_MIGRATE_CACHE_MAX_MB;
  if (max !== undefined && max !== '' && !/^\d+$/.test(max)) throw new UsageError(`DMA_MIGRATE_CACHE_MAX_MB expects a whole number of megabytes, got "${max}"`);
  return { dir: cacheDir(env), ...(max ? { maxBytes: Number(max) * 1024 * 1024 } : {}) };
}
