/** What a `rewrite --write` stopped by SIGINT/SIGTERM wrote, and what it did not (stderr). */
import type { WriteResult } from '../../deliver/output/write.js';
import type { StopSignal } from '../interrupt.js';

const NOT_WRITTEN_CODES = new Set(['write-failed', 'changed-since-read']);

export function renderInterrupted(signal: StopSignal, result: WriteResult): string {
  const failed = result.diagnostics.filter((d) => d.severity === 'error' && NOT_WRITTEN_CODES.has(d.code));
  const notWritten = result.notWritten.length + failed.length;
  const out = [
    `dma-migrate: interrupted (${signal}) while writing: ${result.written.length} file${result.written.length === 1 ? '' : 's'} written, ${notWritten} not written; each file holds either its old or its new text, and no temporary file is left`,
  ];
  for (const p of result.written) out.push(`  written:     ${p}`);
  for (const d of failed) out.push(`  not written: ${d.path} (${d.message})`);
  for (const p of result.notWritten) out.push(`  not written: ${p} (stopped before it)`);
  if (result.notWritten.length > 0) out.push('run the same command again to write the rest');
  return out.join('\n') + '\n';
}
