/** Decide the exit code of a run from its result (table: src/core/exit-codes.ts). */
import { EXIT, type ExitCode } from '../core/exit-codes.js';
import type { RunResult } from '../engine/pipeline/index.js';

const IO_CODES = new Set(['unreadable', 'write-failed', 'changed-since-read', 'too-large']);

export function exitStatusOf(result: RunResult, mode: 'scan' | 'rewrite'): ExitCode {
  if (result.diagnostics.some((d) => d.code === 'rule-failed' || d.code === 'model-failed')) return EXIT.internal;
  if (result.accounting && result.accounting.mismatches.length > 0) return EXIT.internal;
  if (result.diagnostics.some((d) => d.severity === 'error' && IO_CODES.has(d.code))) return EXIT.io;
  if (result.files.some((f) => f.findings.some((x) => x.reason === 'model-rejected'))) return EXIT.verification;
  const s = result.summary;
  if (s.review > 0) return EXIT.findings;
  if (mode === 'scan' && s.convert > 0) return EXIT.findings;
  return EXIT.ok;
}
