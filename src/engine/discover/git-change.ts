/**
 * The changed C files of a git working tree against a revision, with their
 * old and new text, for `dma-migrate validate`. Reads only: `git rev-parse`,
 * `git diff --name-status` and `git show REV:path`.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { SourceAccessError, UsageError } from '../../core/errors.js';

export interface ChangedFile {
  /** Path relative to the repository root. */
  readonly path: string;
  /** Absent when the file is new. */
  readonly oldText?: string;
  /** Absent when the file was deleted. */
  readonly newText?: string;
}

const C_SOURCE = /\.[ch]$/;

function git(cwd: string, args: readonly string[]): string {
  try {
    return execFileSync('git', [...args], { cwd, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (err) {
    const e = err as NodeJS.ErrnoException & { stderr?: string };
    if (e.code === 'ENOENT') throw new SourceAccessError('git is not installed', { cause: err });
    throw new UsageError(`git ${args.join(' ')} failed in ${cwd}: ${(e.stderr ?? e.message).trim()}`, { cause: err });
  }
}

/** The repository containing `start` (a file or directory). */
export function gitRoot(start: string): string {
  const dir = existsSync(start) && statSync(start).isDirectory() ? start : path.dirname(start);
  return git(dir, ['rev-parse', '--show-toplevel']).trim();
}

/** C files (or, with `allFiles`, all files) under `paths` that differ between `rev` and the working tree. */
export function changedFiles(root: string, rev: string, paths: readonly string[], opts: { allFiles?: boolean } = {}): ChangedFile[] {
  git(root, ['rev-parse', '--verify', '--quiet', `${rev}^{commit}`]);
  const specs = paths.map((p) => path.relative(root, path.resolve(p)) || '.');
  const status = git(root, ['diff', '--name-status', '--no-renames', '-z', rev, '--', ...specs]);
  const fields = status.split('\0').filter((x) => x !== '');
  const out: ChangedFile[] = [];
  for (let i = 0; i + 1 < fields.length; i += 2) {
    const kind = fields[i]!;
    const file = fields[i + 1]!;
    if (!opts.allFiles && !C_SOURCE.test(file)) continue;
    const oldText = kind.startsWith('A') ? undefined : git(root, ['show', `${rev}:${file}`]);
    const abs = path.join(root, file);
    const newText = kind.startsWith('D') || !existsSync(abs) ? undefined : readFileSync(abs, 'utf8');
    out.push({ path: file, ...(oldText !== undefined ? { oldText } : {}), ...(newText !== undefined ? { newText } : {}) });
  }
  return out.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}
