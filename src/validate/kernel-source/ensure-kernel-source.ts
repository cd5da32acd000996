/**
 * Debian's kernel source packages as a real-input fixture: install
 * linux-source-<version> with apt-get when its tarball is missing, and unpack
 * it once into the cache (under a lock, then an atomic rename, so concurrent
 * runs neither race nor leave half a tree). Today's kernel (7.3, from
 * trixie-backports) is not in the system's suites: it is downloaded with an
 * extra source list of our own, passed to apt-get with -o options, so the
 * system's apt configuration is never changed (fetch-backport.ts).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { SourceAccessError } from '../../core/errors.js';
import { withDirLock } from '../kbuild/dir-lock.js';
import { ensureHostPackages } from '../kbuild/host-packages.js';
import { fetchFromSuite } from './fetch-backport.js';

export type DebianKernel = '7.3' | '6.12' | '6.1';

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
  return withDirLock(lock, () => unpack(version, dest, srcRoot, opts), { ...(opts.log ? { log: opts.log } : {}), staleMs: LOCK_STALE_MS, now: Date.now });
}

/** Versions the system's suites do not carry: the Debian suite that does. */
const BACKPORTS: Partial<Record<DebianKernel, string>> = { '7.3': 'trixie-backports' };

/** Install (when the tarball is missing) and unpack, under the lock; a no-op when another run finished first. */
async function installAndUnpack(version: DebianKernel, dest: string, srcRoot: string, opts: KernelSourceOptions): Promise<string> {
  const tarball = path.join(opts.usrSrc ?? '/usr/src', `linux-source-${version}.tar.xz`);
  const env = { PATH: '/usr/sbin:/usr/bin:/sbin:/bin', ...opts.env };
  const installed = await ensureHostPackages([{ probe: tarball, debianPackage: `linux-source-${version}` }], { env, install: true, ...(opts.log ? { log: opts.log } : {}) });
  if (installed.missing.length > 0) {
    throw new SourceAccessError(`cannot install linux-source-${version} with apt-get (${installed.error ?? `${tarball} is still missing`})`, {
      hint: `run as root: apt-get update && apt-get install linux-source-${version}`,
    });
  }
  return unpackTarball(version, tarball, dest, srcRoot, opts);
}

async function unpack(version: DebianKernel, dest: string, srcRoot: string, opts: KernelSourceOptions): Promise<string> {
  if (existsSync(path.join(dest, COMPLETE))) return dest;
  if (BACKPORTS[version]) {
    const aptDir = path.join(opts.cacheDir, 'apt');
    const tarball = await fetchFromSuite(version, BACKPORTS[version], aptDir, opts);
    const tree = unpackTarball(version, tarball, dest, srcRoot, opts);
    // The unpacked tree is what is kept; the .deb stays for a re-unpack, its extracted copy goes.
    rmSync(path.join(aptDir, 'extracted'), { recursive: true, force: true });
    return tree;
  }
  return installAndUnpack(version, dest, srcRoot, opts);
}

/** Unpack a linux-source tarball into `dest`: into a temporary directory first, then one rename. */
function unpackTarball(version: DebianKernel, tarball: string, dest: string, srcRoot: string, opts: KernelSourceOptions): string {
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
