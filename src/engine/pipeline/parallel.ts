/**
 * Parse and match across cores: the file list is cut into batches that a
 * piscina worker pool processes; results are put back in file order, so the
 * output is the same as a single-threaded run's.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Piscina } from 'piscina';
import { InternalError } from '../../core/errors.js';
import type { FileOutcome } from '../../core/outcome.js';
import { processBatch, type ProcessConfig } from './process-batch.js';
import type { FileJob, ProcessContext } from './process-file.js';

/** Files per task at most: small enough to balance the cores, large enough that messages cost nothing. */
export const BATCH_FILES = 200;

/** The compiled worker module (tests run from src/, the worker always runs from dist/). */
export function workerFile(): string {
  const here = fileURLToPath(import.meta.url);
  const beside = path.join(path.dirname(here), 'parse-worker.js');
  if (here.endsWith('.js') && existsSync(beside)) return beside;
  const dist = path.resolve(path.dirname(here), '..', '..', '..', 'dist', 'engine', 'pipeline', 'parse-worker.js');
  if (!existsSync(dist)) throw new InternalError(`the worker module ${dist} is missing: run npm run build`);
  return dist;
}

/**
 * A worker pool for one run; workers start loading at once (overlapping
 * discovery). `atomics: 'disabled'`: by default a piscina worker waits for
 * its next task in a blocking Atomics.wait loop, so its event loop does not
 * turn between tasks, and the native tree-sitter trees of finished files,
 * which are freed only when it turns, piled up for the whole run (7.3: peak
 * 1.32 GB with two workers against 454 MB on one thread).
 */
export function startPool(config: ProcessConfig, threads: number): Piscina {
  return new Piscina({ filename: workerFile(), workerData: config, minThreads: threads, maxThreads: threads, idleTimeout: 1000, atomics: 'disabled' });
}

/**
 * Destroy the pool once every worker has finished loading. Terminating a
 * worker while it still loads its modules (the native parser) aborts the
 * whole process ("terminate called after throwing an instance of
 * 'Napi::Error'", or a V8 fatal error in module instantiation), which
 * happened when a pool started early turned out not to be needed (a small
 * kernel-like tree). One empty batch per thread, sent together, reaches
 * every worker after it has loaded.
 */
export async function closePool(pool: Piscina): Promise<void> {
  await Promise.allSettled(Array.from({ length: pool.options.maxThreads }, () => pool.run([])));
  await pool.destroy();
}

/**
 * The files in batches, taken in order from one queue by every worker and,
 * with `local`, by this thread too (one worker fewer to start and to hold in
 * memory: on 2 cores, this thread and one worker). A lane takes the next
 * batch when it has finished its last, so a lane slowed by large files takes
 * fewer batches. Results are put back in file order.
 */
export async function processInParallel(
  pool: Piscina,
  jobs: readonly FileJob[],
  onBatch: (done: number, lastPath: string) => void,
  local?: ProcessContext,
): Promise<FileOutcome[]> {
  const workers = pool.options.maxThreads;
  const lanes = workers + (local ? 1 : 0);
  const batches: FileJob[][] = [];
  const size = Math.max(1, Math.min(BATCH_FILES, Math.ceil(jobs.length / (lanes * 4))));
  for (let i = 0; i < jobs.length; i += size) batches.push(jobs.slice(i, i + size));
  const results: FileOutcome[][] = new Array<FileOutcome[]>(batches.length);
  let next = 0;
  let done = 0;
  const lane = async (run: (batch: FileJob[]) => Promise<FileOutcome[]>): Promise<void> => {
    while (next < batches.length) {
      const index = next++;
      const batch = batches[index]!;
      results[index] = await run(batch);
      done += batch.length;
      onBatch(done, batch[batch.length - 1]!.path);
    }
  };
  await Promise.all([
    ...Array.from({ length: workers }, () => lane(async (batch) => (await pool.run(batch)) as FileOutcome[])),
    ...(local ? [lane((batch) => processBatch(batch, local))] : []),
  ]);
  return results.flat();
}
