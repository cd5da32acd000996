/**
 * The changed C files of a git working tree against a revision, with their
 * old and new text, for `dma-migrate validate`. Reads only: `git rev-parse`,
 * `git diff --name-status` and `git show REV:path`.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { UsageError } from '../../core/errors.js';
import { Git } from './run-git.js';

export interface ChangedFile {
  /** Path relative to the repository root. */
  readonly path: string;
  /** Absent when the file is new. */
  readonly oldText?: string;
  /** Absent when the file was deleted. */
  readonly newText?: string;
}

const C_SOURCE = /\.[ch]$/;

/** Run git through the project's one runner (code-running settings neutralised); a failure is the user's to fix. */
function git(cwd: string, args: readonly string[], env: NodeJS.ProcessEnv): string {
  const r = new Git(cwd, env).run(args, { okCodes: [0, 1, 128, 129] });
  if (r.code !== 0) throw new UsageError(`git ${args.join(' ')} failed in ${cwd}: ${r.stderr.trim()}`);
  return r.stdout.toString('utf8');
}

/** The repository containing `start` (a file or directory). */
export function gitRoot(start: string, env: NodeJS.ProcessEnv): string {
  if (!existsSync(start)) throw new UsageError(`${start}: no such file or directory`);
  const dir = statSync(start).isDirectory() ? start : path.dirname(start);
  return git(dir, ['rev-parse', '--show-toplevel'], env).trim();
}

/** C files (or, with `allFiles`, all files) under `paths` that differ between `rev` and the working tree. */
export function changedFiles(root: string, rev: string, paths: readonly string[], env: NodeJS.ProcessEnv, opts: { allFiles?: boolean } = {}): ChangedFile[] {
  git(root, ['rev-parse', '--verify', '--quiet', '--end-of-options', `${rev}^{commit}`], env);
  const specs = paths.map((p) => path.relative(root, path.resolve(p)) || '.');
  const status = git(root, ['diff', '--name-status', '--no-renames', '-z', rev, '--', ...specs], env);
  const fields = status.split('\0').filter((x) => x !== '');
  const out: ChangedFile[] = [];
  for (let i = 0; i + 1 < fields.length; i += 2) {
    const kind = fields[i]!;
    const file = fields[i + 1]!;
    if (!opts.allFiles && !C_SOURCE.test(file)) continue;
    const oldText = kind.startsWith('A') ? undefined : git(root, ['show', `${rev}:${file}`], env);
    const abs = path.join(root, file);
    const newText = kind.startsWith('D') || !existsSync(abs) ? undefined : readFileSync(abs, 'utf8');
    out.push({ path: file, ...(oldText !== undefined ? { oldText } : {}), ...(newText !== undefined ? { newText } : {}) });
  }
  return out.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}
