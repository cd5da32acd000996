/**
 * Leave out sources the user excluded: `--exclude GLOB` (matched against the
 * path relative to the run's root, or any directory above it; a pattern
 * without "/" matches a name at any depth, as in .gitignore), and, inside a
 * git work tree, what git ignores (`git check-ignore`: untracked files its
 * ignore rules match; tracked files are never ignored). Reads only.
 */
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import picomatch from 'picomatch';
import type { Diagnostic } from '../../core/types.js';
import type { SourceFile } from './sources.js';

export interface ExcludeOptions {
  readonly patterns?: readonly string[];
  /** Respect .gitignore (and .git/info/exclude, core.excludesFile) when the root is in a git work tree. */
  readonly gitignore?: boolean;
}

export interface ExcludeResult {
  readonly files: SourceFile[];
  readonly diagnostics: Diagnostic[];
}

/** A predicate for `patterns` over root-relative paths (a match on a parent directory excludes the files below). */
export function excludeMatcher(patterns: readonly string[]): (relPath: string) => boolean {
  if (patterns.length === 0) return () => false;
  const isMatch = picomatch(patterns.map((p) => p.replace(/^\.\//, '').replace(/\/+$/, '')), { dot: true, basename: false });
  const bare = patterns.filter((p) => !p.replace(/\/+$/, '').includes('/'));
  const isBare = bare.length > 0 ? picomatch(bare, { dot: true }) : () => false;
  return (relPath: string) => {
    const parts = relPath.split('/');
    for (let i = parts.length; i > 0; i--) {
      if (isMatch(parts.slice(0, i).join('/'))) return true;
      if (isBare(parts[i - 1]!)) return true;
    }
    return false;
  };
}

export function excludeSources(files: readonly SourceFile[], root: string, options: ExcludeOptions): ExcludeResult {
  const diagnostics: Diagnostic[] = [];
  const matcher = excludeMatcher(options.patterns ?? []);
  let kept = files.filter((f) => !matcher(f.path));
  const byPattern = files.length - kept.length;
  if (byPattern > 0) diagnostics.push({ path: '.', severity: 'info', code: 'excluded', message: `${byPattern} file${byPattern === 1 ? '' : 's'} left out by --exclude` });
  if (options.gitignore !== false && kept.length > 0) {
    const ignored = gitIgnored(root, kept.map((f) => f.absPath));
    if (ignored.size > 0) {
      kept = kept.filter((f) => !ignored.has(f.absPath));
      diagnostics.push({
        path: '.',
        severity: 'info',
        code: 'gitignored',
        message: `${ignored.size} file${ignored.size === 1 ? '' : 's'} ignored by git (.gitignore) left out; pass --no-gitignore to include them`,
      });
    }
  }
  return { files: kept, diagnostics };
}

/** The absolute paths git ignores, when `dir` is in a work tree; empty otherwise (no git, not a repository). */
function gitIgnored(dir: string, absPaths: readonly string[]): Set<string> {
  // Settings that could run code (fsmonitor) are switched off: this only reads.
  const git = (args: string[], input?: string) =>
    execFileSync('git', ['-c', 'core.fsmonitor=false', ...args], { cwd: dir, encoding: 'utf8', input, maxBuffer: 256 * 1024 * 1024, stdio: ['pipe', 'pipe', 'ignore'] });
  let top: string;
  try {
    top = git(['rev-parse', '--show-toplevel']).trim();
  } catch {
    return new Set();
  }
  if (top === '') return new Set();
  const inside = absPaths.filter((p) => !path.relative(top, p).startsWith('..'));
  if (inside.length === 0) return new Set();
  let out = '';
  try {
    out = git(['check-ignore', '--stdin', '-z'], inside.map((p) => path.relative(top, p)).join('\0') + '\0');
  } catch {
    // Exit 1: nothing is ignored (any other failure: ignore nothing rather than drop files).
    return new Set();
  }
  return new Set(out.split('\0').filter(Boolean).map((rel) => path.join(top, rel)));
}
