/**
 * Install and remove a git pre-commit hook that runs `dma-migrate check
 * --staged`. An existing hook is kept and chained (moved aside and run
 * first; its failure stops the commit), never overwritten; uninstall puts it
 * back. The hooks directory is git's own answer (core.hooksPath honoured).
 */
import { chmodSync, existsSync, lstatSync, mkdirSync, readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { UsageError } from '../../core/errors.js';
import type { Git } from '../git/run-git.js';

export const HOOK_MARKER = '# dma-migrate-hook: pre-commit v1';
export const CHAINED_NAME = 'pre-commit.pre-dma-migrate';

export interface HookPaths {
  readonly dir: string;
  readonly hook: string;
  readonly chained: string;
}

export function hookPaths(git: Git): HookPaths {
  const rel = git.text(['rev-parse', '--git-path', 'hooks'], { keepHooksPath: true }).trim();
  const dir = path.resolve(git.cwd, rel);
  return { dir, hook: path.join(dir, 'pre-commit'), chained: path.join(dir, CHAINED_NAME) };
}

function exists(p: string): boolean {
  try {
    lstatSync(p);
    return true;
  } catch {
    return false; // ENOENT (or unreadable dir): treated as absent, as git would not run it either
  }
}

export function isOurHook(file: string): boolean {
  try {
    return readFileSync(file, 'utf8').includes(HOOK_MARKER);
  } catch {
    return false; // absent, a dangling link or a directory: not ours
  }
}

/** Quote for POSIX sh: single quotes, with embedded ones as '\''. */
export function shellQuote(arg: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}

export function hookScript(command: readonly string[]): string {
  return `#!/bin/sh
${HOOK_MARKER}
# Installed by \`dma-migrate hook install\`; \`dma-migrate hook uninstall\` removes it
# and puts back the hook that was here before (kept as ${CHAINED_NAME}).
# Skip once with \`git commit --no-verify\`.
hook_dir=$(dirname "$0")
if [ -x "$hook_dir/${CHAINED_NAME}" ]; then
	"$hook_dir/${CHAINED_NAME}" "$@" || exit $?
fi
exec ${command.map(shellQuote).join(' ')}
`;
}

export interface InstallResult {
  readonly hook: string;
  readonly action: 'installed' | 'updated';
  /** Where the hook that was there before now lives (run first). */
  readonly chained?: string;
}

function writeExecutable(file: string, text: string): void {
  const tmp = `${file}.dma-migrate.tmp`;
  writeFileSync(tmp, text, { mode: 0o755 });
  chmodSync(tmp, 0o755);
  renameSync(tmp, file);
}

export function installHook(git: Git, command: readonly string[]): InstallResult {
  const p = hookPaths(git);
  mkdirSync(p.dir, { recursive: true });
  const script = hookScript(command);
  if (isOurHook(p.hook)) {
    writeExecutable(p.hook, script);
    return { hook: p.hook, action: 'updated', ...(exists(p.chained) ? { chained: p.chained } : {}) };
  }
  let chained: string | undefined;
  if (exists(p.hook)) {
    if (exists(p.chained)) {
      throw new UsageError(`${p.hook} is not dma-migrate's hook, and ${p.chained} already holds a saved hook`, {
        hint: 'merge the two by hand, or remove one of them, then install again',
      });
    }
    renameSync(p.hook, p.chained); // moves a symlink itself, not its target
    chained = p.chained;
  }
  writeExecutable(p.hook, script);
  return { hook: p.hook, action: 'installed', ...(chained ? { chained } : {}) };
}

export interface UninstallResult {
  readonly hook: string;
  readonly action: 'removed' | 'not-installed';
  /** The earlier hook put back in place. */
  readonly restored?: string;
}

export function uninstallHook(git: Git): UninstallResult {
  const p = hookPaths(git);
  if (!exists(p.hook)) return { hook: p.hook, action: 'not-installed' };
  if (!isOurHook(p.hook)) {
    throw new UsageError(`${p.hook} is not dma-migrate's hook; left alone`, {
      hint: existsSync(p.chained) ? `a hook saved by dma-migrate is still at ${p.chained}` : undefined,
    });
  }
  unlinkSync(p.hook);
  if (exists(p.chained)) {
    renameSync(p.chained, p.hook);
    return { hook: p.hook, action: 'removed', restored: p.hook };
  }
  return { hook: p.hook, action: 'removed' };
}
