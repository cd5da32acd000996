/**
 * Recipients from the tree's own scripts/get_maintainer.pl, run on a patch
 * file (without git history or keyword matches: --no-git --no-git-fallback
 * --no-keywords). Its role labels decide To: (maintainer, supporter, odd
 * fixer) and Cc: (reviewers, lists).
 * This runs code from the tree, as `git send-email --cc-cmd` setups do.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { SourceAccessError } from '../../core/errors.js';
import { AddressList, type Recipients } from '../../engine/discover/maintainers/match-maintainers.js';

/** The files checkpatch.pl and get_maintainer.pl expect at the top of a full kernel tree. */
const TOP_OF_TREE = ['COPYING', 'CREDITS', 'Kbuild', 'MAINTAINERS', 'Makefile', 'README', 'Documentation', 'arch', 'include', 'drivers', 'fs', 'init', 'ipc', 'kernel', 'lib', 'scripts'];

/** Is `root` a whole kernel tree (else the kernel's scripts need --no-tree)? */
export function isFullKernelTree(root: string): boolean {
  return TOP_OF_TREE.every((n) => existsSync(path.join(root, n)));
}

export function hasGetMaintainer(root: string): boolean {
  return existsSync(path.join(root, 'scripts', 'get_maintainer.pl'));
}

const TO_ROLES = /^(maintainer|supporter|odd fixer|chief penguin)\b/;

/** Parse get_maintainer.pl's default output ("Name <addr> (role:SECTION)" per line). */
export function parseGetMaintainerOutput(text: string): Recipients {
  const to = new AddressList();
  const cc = new AddressList();
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '' || !line.includes('@')) continue;
    // "Name <addr> (role)" or "list@host (role)"; a role may hold parentheses itself (K: regexes).
    const close = line.indexOf('>');
    const split = close !== -1 ? close + 1 : line.search(/\s|$/);
    const address = line.slice(0, split).trim();
    const role = line.slice(split).trim().replace(/^\(/, '').replace(/\)$/, '');
    if (TO_ROLES.test(role)) to.add(address);
    else cc.add(address);
  }
  return { to: to.values(), cc: cc.values().filter((c) => !to.has(c)) };
}

export function runGetMaintainer(root: string, patchFile: string, env: NodeJS.ProcessEnv): Recipients {
  // No git history, and no K: keyword matches on the patch text: a mechanical API conversion goes to
  // the maintainers of the files it touches, not to every subsystem a context line mentions.
  const args = [path.join(root, 'scripts', 'get_maintainer.pl'), '--no-git', '--no-git-fallback', '--no-keywords'];
  if (!isFullKernelTree(root)) args.push('--no-tree');
  const r = spawnSync('perl', [...args, patchFile], { cwd: root, env: { ...env, LC_ALL: 'C' }, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (r.error) throw new SourceAccessError(`cannot run perl for scripts/get_maintainer.pl: ${r.error.message}`, { cause: r.error, hint: 'install perl' });
  if (r.status !== 0) throw new SourceAccessError(`scripts/get_maintainer.pl failed (exit ${r.status}): ${r.stderr.trim().split('\n').slice(-2).join(' / ')}`);
  return parseGetMaintainerOutput(r.stdout);
}
