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
  // Bytes sent with a job (check's post-images) cross the thread boundary as a plain Uint8Array.
  return processBatch(jobs.map((j) => (j.bytes && !Buffer.isBuffer(j.bytes) ? { ...j, bytes: asBuffer(j.bytes) } : j)), ctx);
}

function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
