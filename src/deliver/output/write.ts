/**
 * Write rewritten files in place, atomically: write a temporary file beside
 * the original, fsync, rename over it. A file that changed since it was read
 * is refused (its size, mtime or content differ). The file keeps its UTF-8
 * BOM, mode, owner and group; a file with several hard links is refused
 * (renaming would split them). Temporary files an earlier, killed run left
 * beside a file are removed before it is written.
 */
import { closeSync, fchmodSync, fchownSync, fsyncSync, lstatSync, openSync, readdirSync, readFileSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import path from 'node:path';
import type { FileOutcome } from '../../core/outcome.js';
import type { Diagnostic } from '../../core/types.js';

const BOM = Buffer.from([0xef, 0xbb, 0xbf]);
const TEMP_RE = /^\.(.+)\.([^.]+)\.dma-migrate\.tmp$/;

export function writeOutcome(outcome: FileOutcome, tag: string): Diagnostic | undefined {
  if (outcome.output === undefined || outcome.original === undefined) return undefined;
  const { absPath } = outcome;
  const encoding = outcome.encoding === 'latin1' ? 'latin1' : 'utf8';
  let st;
  let bom = false;
  try {
    st = lstatSync(absPath);
    if (st.isSymbolicLink()) return { path: outcome.path, severity: 'error', code: 'write-failed', message: 'became a symlink since it was read; not written' };
    if (st.nlink > 1) {
      return { path: outcome.path, severity: 'error', code: 'write-failed', message: `has ${st.nlink} hard links; writing a new file would split them, so it is not written (rewrite the other names' content by hand or break the links first)` };
    }
    const bytes = readFileSync(absPath);
    // The reader decodes a UTF-8 BOM away: compare and write the file with it.
    bom = encoding === 'utf8' && bytes.subarray(0, 3).equals(BOM);
    const current = (bom ? bytes.subarray(3) : bytes).toString(encoding);
    if ((outcome.stamp && (st.size !== outcome.stamp.size || st.mtimeMs !== outcome.stamp.mtimeMs)) || current !== outcome.original) {
      return { path: outcome.path, severity: 'error', code: 'changed-since-read', message: 'the file changed since it was read; not written (run again)' };
    }
  } catch (err) {
    return { path: outcome.path, severity: 'error', code: 'write-failed', message: `cannot re-read before writing: ${(err as NodeJS.ErrnoException).code ?? String(err)}` };
  }
  const tmp = path.join(path.dirname(absPath), `.${path.basename(absPath)}.${tag}.dma-migrate.tmp`);
  let fd: number | undefined;
  try {
    fd = openSync(tmp, 'wx', 0o600);
    // The umask must not change the mode, and the file keeps its owner and group (root rewriting a user's tree).
    fchmodSync(fd, st.mode & 0o7777);
    if (st.uid !== process.getuid?.() || st.gid !== process.getgid?.()) fchownSync(fd, st.uid, st.gid);
    const body = Buffer.from(outcome.output, encoding);
    writeSync(fd, bom ? Buffer.concat([BOM, body]) : body);
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
    const code = (err as NodeJS.ErrnoException).code;
    const why = (err as NodeJS.ErrnoException).syscall === 'fchown' ? `cannot keep its owner ${st.uid}:${st.gid} (${code})` : (code ?? String(err));
    return { path: outcome.path, severity: 'error', code: 'write-failed', message: `cannot write: ${why}; left unchanged` };
  }
}

/** Remove temporary files a killed run left beside `absPath` (its process is gone); say which. */
function removeStaleTemps(absPath: string, relPath: string, seen: Set<string>): Diagnostic[] {
  const dir = path.dirname(absPath);
  if (seen.has(dir)) return [];
  seen.add(dir);
  const out: Diagnostic[] = [];
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return out;
  }
  for (const name of names) {
    const m = TEMP_RE.exec(name);
    if (!m) continue;
    const pid = Number(m[2]);
    if (Number.isInteger(pid) && pid > 0 && alive(pid)) continue;
    const where = path.join(path.dirname(relPath), name);
    try {
      unlinkSync(path.join(dir, name));
      out.push({ path: where, severity: 'info', code: 'stale-temp', message: 'a temporary file an interrupted earlier run left; removed' });
    } catch (err) {
      out.push({ path: where, severity: 'warning', code: 'stale-temp', message: `a temporary file an interrupted earlier run left; cannot remove it (${(err as NodeJS.ErrnoException).code ?? String(err)})` });
    }
  }
  return out;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export interface WriteResult {
  readonly written: string[];
  readonly diagnostics: Diagnostic[];
  /** Files with a rewrite that were not written because the run was stopped (`stop`), in order. */
  readonly notWritten: string[];
}

/**
 * Write every rewritten file, one whole file at a time. Between files the
 * event loop turns and `stop` (if given) is asked whether to go on: a signal
 * handled there stops the run on a file boundary, so each file is either its
 * old or its new text and no temporary file is left; the files not reached
 * are returned in `notWritten`.
 */
export async function writeOutcomes(outcomes: readonly FileOutcome[], tag: string, stop?: (writtenSoFar: number) => boolean | Promise<boolean>): Promise<WriteResult> {
  const written: string[] = [];
  const diagnostics: Diagnostic[] = [];
  const notWritten: string[] = [];
  const dirs = new Set<string>();
  const todo = outcomes.filter((o) => o.output !== undefined);
  for (const [i, o] of todo.entries()) {
    if (stop) {
      await new Promise((resolve) => setImmediate(resolve));
      if (await stop(written.length)) {
        notWritten.push(...todo.slice(i).map((x) => x.path));
        break;
      }
    }
    diagnostics.push(...removeStaleTemps(o.absPath, o.path, dirs));
    const d = writeOutcome(o, tag);
    if (d) diagnostics.push(d);
    else written.push(o.path);
  }
  return { written, diagnostics, notWritten };
}
