/**
 * Download linux-source-<version> from a Debian suite the system does not
 * list (trixie-backports for 7.3) without touching the system's apt
 * configuration: a sources.list of our own in the cache, given to apt-get
 * with -o Dir::Etc::sourcelist (and no source parts), its own lists and
 * package cache, then `apt-get download` and `dpkg-deb -x`. Returns the
 * tarball's path.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { SourceAccessError } from '../../core/errors.js';
import { findOnPath } from '../kbuild/run-tool.js';
import type { KernelSourceOptions } from './ensure-kernel-source.js';

const DEFAULT_MIRROR = 'http://deb.debian.org/debian';

/** The Debian mirror the system's apt sources name (deb822 or one-line format), else deb.debian.org. */
export function systemMirror(etcApt = '/etc/apt'): string {
  const candidates: string[] = [];
  try {
    const dir = path.join(etcApt, 'sources.list.d');
    for (const name of readdirSync(dir).filter((n) => n.endsWith('.sources')).sort()) {
      for (const m of readFileSync(path.join(dir, name), 'utf8').matchAll(/^URIs:\s*(\S+)/gm)) candidates.push(m[1]!);
    }
  } catch {
    // no deb822 sources
  }
  try {
    for (const m of readFileSync(path.join(etcApt, 'sources.list'), 'utf8').matchAll(/^deb\s+(?:\[[^\]]*\]\s+)?(\S+)/gm)) candidates.push(m[1]!);
  } catch {
    // no one-line sources
  }
  // The main archive, not the security one: backports live there.
  return candidates.find((u) => /^https?:\/\//.test(u) && /\/debian\/?$/.test(u))?.replace(/\/$/, '') ?? DEFAULT_MIRROR;
}

export async function fetchFromSuite(version: string, suite: string, aptDir: string, opts: KernelSourceOptions): Promise<string> {
  for (const tool of ['apt-get', 'dpkg-deb']) {
    if (!findOnPath(tool, { PATH: '/usr/sbin:/usr/bin:/sbin:/bin', ...opts.env })) {
      throw new SourceAccessError(`cannot fetch linux-source-${version}: ${tool} is not available`, { hint: `unpack linux-source-${version} from Debian ${suite} into ${path.dirname(aptDir)}/src yourself` });
    }
  }
  const pkg = `linux-source-${version}`;
  const lists = path.join(aptDir, 'lists');
  const cache = path.join(aptDir, 'cache');
  const debs = path.join(aptDir, 'debs');
  for (const d of [path.join(lists, 'partial'), path.join(cache, 'archives', 'partial'), debs]) mkdirSync(d, { recursive: true });
  const sourcesList = path.join(aptDir, 'sources.list');
  writeFileSync(sourcesList, `deb ${systemMirror()} ${suite} main\n`);
  const aptOptions = ['-o', `Dir::Etc::sourcelist=${sourcesList}`, '-o', 'Dir::Etc::sourceparts=-', '-o', `Dir::State::Lists=${lists}`, '-o', `Dir::Cache=${cache}`];
  const env = { PATH: '/usr/sbin:/usr/bin:/sbin:/bin', ...opts.env, DEBIAN_FRONTEND: 'noninteractive' };
  const run = (args: string[], cwd?: string) => {
    try {
      execFileSync('apt-get', [...aptOptions, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'], ...(cwd ? { cwd } : {}) });
    } catch (err) {
      const e = err as { stderr?: Buffer };
      const detail = e.stderr?.toString().trim().split('\n').slice(-2).join(' | ') ?? String(err);
      throw new SourceAccessError(`cannot fetch ${pkg} from Debian ${suite}: apt-get ${args[0]} failed: ${detail}`, { hint: `check network access to ${systemMirror()}` });
    }
  };
  opts.log?.(`fetching ${pkg} from Debian ${suite} (own source list; the system's apt configuration is not changed) ...`);
  run(['update']);
  run(['download', pkg], debs);
  const deb = readdirSync(debs).filter((n) => n.startsWith(`${pkg}_`) && n.endsWith('.deb')).sort().at(-1);
  if (!deb) throw new SourceAccessError(`apt-get download ${pkg} left no .deb in ${debs}`);
  const extracted = path.join(aptDir, 'extracted');
  execFileSync('dpkg-deb', ['-x', path.join(debs, deb), extracted], { stdio: 'ignore' });
  const tarball = path.join(extracted, 'usr', 'src', `${pkg}.tar.xz`);
  if (!existsSync(tarball)) throw new SourceAccessError(`${deb} holds no usr/src/${pkg}.tar.xz`);
  return tarball;
}
