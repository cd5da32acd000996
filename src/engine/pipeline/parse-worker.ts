/**
 * A worker of the pool (piscina): builds its ProcessContext once from the
 * pool's workerData, then processes the batches of files it is sent.
 */
import { workerData } from 'node:worker_threads';
import type { FileOutcome } from '../../core/outcome.js';
import { createProcessContext, processBatch, type ProcessConfig } from './process-batch.js';
import type { FileJob } from './process-file.js';

const ctx = createProcessContext(workerData as ProcessConfig);

export default async function processJobs(jobs: readonly FileJob[]): Promise<FileOutcome[]> {
  return processBatch(jobs, ctx);
}
