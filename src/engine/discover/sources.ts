/**
 * Find the C sources under the given paths, sorted, with per-path problems
 * turned into diagnostics rather than aborting the run.
 */
import { lstatSync, readdirSync, realpathSync, statSync, type Dirent, type Stats } from 'node:fs';
import path from 'node:path';
import { SourceAccessError } from '../../core/errors.js';
import type { Diagnostic } from '../../core/types.js';

export interface SourceFile {
  /** Absolute path. */
  readonly absPath: string;
  /** Path relative to the run's root, with forward slashes. */
  readonly path: string;
}

export interface DiscoveryResult {
  readonly files: SourceFile[];
  readonly diagnostics: Diagnostic[];
}

const C_SOURCE = /\.[ch]$/;
const SKIP_DIRS = new Set(['.git', 'node_modules', '.pc']);

export function relativePath(root: string, absPath: string): string {
  // The common case, a path below the root, without path.relative's normalisation work.
  if (absPath.length > root.length + 1 && absPath.startsWith(root) && absPath[root.length] === path.sep && !root.endsWith(path.sep)) {
    const rel = absPath.slice(root.length + 1);
    return path.sep === '/' ? rel : rel.split(path.sep).join('/');
  }
  const rel = path.relative(root, absPath);
  return rel.split(path.sep).join('/') || path.basename(absPath);
}

/**
 * Walk `inputs` (files or directories). Like `grep -r`, symlinks met while
 * recursing are not followed (their targets inside the tree are reached by
 * their real paths); a symlink leading outside the root is reported.
 * A path given explicitly is followed when what it reaches stays inside the
 * root (a file symlink is processed at its target's path, so --write
 * converts the target); otherwise it is refused as symlink-outside-root.
 */
export function discoverSources(inputs: readonly string[], root: string): DiscoveryResult {
  const files = new Map<string, SourceFile>();
  const diagnostics: Diagnostic[] = [];
  const realRoot = safeRealpath(root) ?? root;

  const addFile = (absPath: string) => {
    if (!files.has(absPath)) files.set(absPath, { absPath, path: relativePath(root, absPath) });
  };

  const walk = (dir: string) => {
    let entries: Dirent[];
    try {
      // With file types: no stat per entry (the directory listing says what each entry is).
      entries = readdirSync(dir, { withFileTypes: true });
    } catch (err) {
      diagnostics.push({
        path: relativePath(root, dir),
        severity: 'error',
        code: 'unreadable',
        message: `cannot list directory: ${(err as NodeJS.ErrnoException).code ?? String(err)}`,
      });
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      const name = entry.name;
      const abs = path.join(dir, name);
      let kind: Stats | Dirent = entry;
      if (!entry.isFile() && !entry.isDirectory() && !entry.isSymbolicLink() && !C_SOURCE.test(name)) continue;
      if (!entry.isFile() && !entry.isDirectory() && !entry.isSymbolicLink()) {
        // Unknown type (some file systems do not say) or a special file: ask.
        try {
          kind = lstatSync(abs);
        } catch (err) {
          diagnostics.push({ path: relativePath(root, abs), severity: 'error', code: 'unreadable', message: `cannot stat: ${(err as NodeJS.ErrnoException).code ?? String(err)}` });
          continue;
        }
      }
      if (kind.isSymbolicLink()) {
        if (!C_SOURCE.test(name)) continue;
        const target = safeRealpath(abs);
        if (target === undefined) {
          const why = symlinkFailure(abs);
          diagnostics.push({ path: relativePath(root, abs), severity: 'warning', code: 'unreadable', message: `symlink ${why}; not processed` });
        } else if (!isInside(realRoot, target)) {
          diagnostics.push({
            path: relativePath(root, abs),
            severity: 'warning',
            code: 'symlink-outside-root',
            message: `symlink to ${target} leads outside ${root}; not processed`,
          });
        }
        continue;
      }
      if (kind.isDirectory()) {
        if (!SKIP_DIRS.has(name)) walk(abs);
      } else if (kind.isFile() && C_SOURCE.test(name)) {
        addFile(abs);
      } else if (C_SOURCE.test(name)) {
        diagnostics.push({ path: relativePath(root, abs), severity: 'warning', code: 'unreadable', message: 'not a regular file (FIFO, socket or device); not read' });
      }
    }
  };

  for (const input of inputs) {
    const abs = path.resolve(input);
    let st: Stats;
    try {
      st = statSync(abs);
    } catch (err) {
      throw new SourceAccessError(`${input}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file or directory' : String(err)}`, { cause: err });
    }
    const link = lstatSync(abs).isSymbolicLink();
    const real = link ? safeRealpath(abs) : abs;
    if (link && (real === undefined || !isInside(realRoot, real))) {
      // An explicit path that is a symlink (a shell glob picks them up): only when its target stays inside the root.
      diagnostics.push({ path: relativePath(root, abs), severity: 'error', code: 'symlink-outside-root', message: `symlink to ${real ?? 'an unresolvable target'} leads outside ${root}; not processed` });
      continue;
    }
    if (st.isDirectory()) walk(abs);
    else if (st.isFile()) addFile(link ? path.join(root, path.relative(realRoot, real!)) : abs);
    else diagnostics.push({ path: relativePath(root, abs), severity: 'error', code: 'unreadable', message: 'not a regular file (FIFO, socket or device); not read' });
  }
  const sorted = [...files.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { files: sorted, diagnostics };
}

function safeRealpath(p: string): string | undefined {
  try {
    return realpathSync(p);
  } catch {
    return undefined; // dangling link: reported by the caller
  }
}

/** Why a symlink does not resolve: a loop, or a missing target. */
function symlinkFailure(p: string): string {
  try {
    realpathSync(p);
    return 'could not be resolved';
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    return code === 'ELOOP' ? 'loops (ELOOP: too many levels of symbolic links)' : code === 'ENOENT' ? 'is dangling (its target does not exist)' : `cannot be resolved (${code ?? String(err)})`;
  }
}

function isInside(root: string, p: string): boolean {
  const rel = path.relative(root, p);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

/** The root paths are reported relative to: --root, else the kernel tree, else the single directory given, else the common parent. */
export function chooseRoot(inputs: readonly string[], kernelRoot: string | undefined, explicit: string | undefined): string {
  if (explicit) return path.resolve(explicit);
  if (kernelRoot) return kernelRoot;
  const abs = inputs.map((p) => path.resolve(p));
  if (abs.length === 1) {
    const only = abs[0]!;
    try {
      return statSync(only).isDirectory() ? only : path.dirname(only);
    } catch {
      return path.dirname(only);
    }
  }
  if (abs.length === 0) throw new SourceAccessError('no input paths given');
  let common = path.dirname(abs[0]!);
  for (const p of abs) {
    while (!isInside(common, p)) common = path.dirname(common);
  }
  return common;
}
