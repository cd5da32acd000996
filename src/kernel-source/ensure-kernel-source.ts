/**
 * Debian's kernel source packages as a real-input fixture: install
 * linux-source-<version> with apt-get when its tarball is missing, and unpack
 * it once into the cache (under a lock, then an atomic rename, so concurrent
 * runs neither race nor leave half a tree).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { SourceAccessError } from '../core/errors.js';
import { withDirLock } from '../kbuild/dir-lock.js';

export type DebianKernel = '6.12' | '6.1';

export interface KernelSourceOptions {
  readonly cacheDir: string;
  /** Progress lines ("installing linux-source-6.12 ..."). */
  readonly log?: (line: string) => void;
  /** Where Debian puts the tarball (tests override). */
  readonly usrSrc?: string;
  /** Environment for apt-get (defaults to an empty one plus DEBIAN_FRONTEND and PATH). */
  readonly env?: NodeJS.ProcessEnv;
}

const COMPLETE = '.dma-migrate-complete';
const LOCK_STALE_MS = 30 * 60 * 1000;

export function kernelSourceDir(version: DebianKernel, cacheDir: string): string {
  return path.join(cacheDir, 'src', `linux-source-${version}`);
}

/** Returns the unpacked tree, installing and unpacking as needed. */
export async function ensureKernelSource(version: DebianKernel, opts: KernelSourceOptions): Promise<string> {
  const dest = kernelSourceDir(version, opts.cacheDir);
  if (existsSync(path.join(dest, COMPLETE))) return dest;
  const srcRoot = path.join(opts.cacheDir, 'src');
  mkdirSync(srcRoot, { recursive: true });
  const lock = path.join(srcRoot, `.linux-source-${version}.lock`);
  return withDirLock(lock, async () => unpack(version, dest, srcRoot, opts), { ...(opts.log ? { log: opts.log } : {}), staleMs: LOCK_STALE_MS, now: Date.now });
}

/** Install (when the tarball is missing) and unpack, under the lock; a no-op when another run finished first. */
function unpack(version: DebianKernel, dest: string, srcRoot: string, opts: KernelSourceOptions): string {
  if (existsSync(path.join(dest, COMPLETE))) return dest;
  const tarball = path.join(opts.usrSrc ?? '/usr/src', `linux-source-${version}.tar.xz`);
  if (!existsSync(tarball)) {
    opts.log?.(`installing Debian package linux-source-${version} (apt-get) ...`);
    try {
      execFileSync('apt-get', ['install', '-y', '--no-install-recommends', `linux-source-${version}`], {
        stdio: 'ignore',
        env: { PATH: '/usr/sbin:/usr/bin:/sbin:/bin', ...opts.env, DEBIAN_FRONTEND: 'noninteractive' },
      });
    } catch (err) {
      throw new SourceAccessError(`cannot install linux-source-${version} with apt-get`, {
        cause: err,
        hint: `run as root: apt-get update && apt-get install linux-source-${version}`,
      });
    }
    if (!existsSync(tarball)) throw new SourceAccessError(`apt-get installed linux-source-${version} but ${tarball} is missing`);
  }
  opts.log?.(`unpacking ${tarball} into ${dest} ...`);
  const tmp = mkdtempSync(path.join(srcRoot, `.unpack-${version}-`));
  execFileSync('tar', ['-xJf', tarball, '-C', tmp], { stdio: 'ignore' });
  const top = readdirSync(tmp).find((n) => n.startsWith('linux-source'));
  if (!top) throw new SourceAccessError(`${tarball} holds no linux-source directory`);
  rmSync(dest, { recursive: true, force: true });
  renameSync(path.join(tmp, top), dest);
  rmSync(tmp, { recursive: true, force: true });
  writeFileSync(path.join(dest, COMPLETE), 'unpacked by dma-migrate\n');
  return dest;
}
