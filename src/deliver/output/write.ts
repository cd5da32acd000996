/**
 * Write rewritten files in place, atomically: write a temporary file beside
 * the original, fsync, rename over it. A file that changed since it was read
 * is refused (its size, mtime or content differ).
 */
import { closeSync, fsyncSync, openSync, readFileSync, renameSync, statSync, unlinkSync, writeSync } from 'node:fs';
import path from 'node:path';
import type { FileOutcome } from '../../core/outcome.js';
import type { Diagnostic } from '../../core/types.js';

export interface WriteResult {
  readonly written: string[];
  readonly diagnostics: Diagnostic[];
}

export function writeOutcome(outcome: FileOutcome, tag: string): Diagnostic | undefined {
  if (outcome.output === undefined || outcome.original === undefined) return undefined;
  const { absPath } = outcome;
  const encoding = outcome.encoding === 'latin1' ? 'latin1' : 'utf8';
  let mode: number;
  try {
    const st = statSync(absPath);
    mode = st.mode & 0o7777;
    const current = readFileSync(absPath, encoding);
    if ((outcome.stamp && (st.size !== outcome.stamp.size || st.mtimeMs !== outcome.stamp.mtimeMs)) || current !== outcome.original) {
      return { path: outcome.path, severity: 'error', code: 'changed-since-read', message: 'the file changed since it was read; not written (run again)' };
    }
  } catch (err) {
    return { path: outcome.path, severity: 'error', code: 'write-failed', message: `cannot re-read before writing: ${(err as NodeJS.ErrnoException).code ?? String(err)}` };
  }
  const tmp = path.join(path.dirname(absPath), `.${path.basename(absPath)}.${tag}.dma-migrate.tmp`);
  let fd: number | undefined;
  try {
    fd = openSync(tmp, 'wx', mode);
    writeSync(fd, Buffer.from(outcome.output, encoding));
    fsyncSync(fd);
    closeSync(fd);
    fd = undefined;
    renameSync(tmp, absPath);
    return undefined;
  } catch (err) {
    if (fd !== undefined) closeSync(fd);
    try {
      unlinkSync(tmp);
    } catch (cleanupErr) {
      if ((cleanupErr as NodeJS.ErrnoException).code !== 'ENOENT') {
        return { path: outcome.path, severity: 'error', code: 'write-failed', message: `write failed (${String(err)}) and the temporary file ${tmp} could not be removed` };
      }
    }
    return { path: outcome.path, severity: 'error', code: 'write-failed', message: `cannot write: ${(err as NodeJS.ErrnoException).code ?? String(err)}` };
  }
}

export function writeOutcomes(outcomes: readonly FileOutcome[], tag: string): WriteResult {
  const written: string[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const o of outcomes) {
    if (o.output === undefined) continue;
    const d = writeOutcome(o, tag);
    if (d) diagnostics.push(d);
    else written.push(o.path);
  }
  return { written, diagnostics };
}
