/**
 * Re-reads a stored result's dependencies (core/dependency.ts) the way the
 * module that recorded them read them, and says whether each digest still
 * holds. Digests are memoised for the run (one checker per process context),
 * so a Makefile or a sibling file shared by many entries is hashed once.
 */
import { lstatSync, readdirSync, readFileSync } from 'node:fs';
import { ControlFileError, readRegularFile } from '../../core/control-file.js';
import { ABSENT, digestOf, digestOfNames, type Dependency } from '../../core/dependency.js';
import { lookupDigest } from '../analyze/summaries/index.js';

export class DependencyChecker {
  private readonly digests = new Map<string, string>();

  /** Does every dependency still have its recorded digest? */
  holds(deps: readonly Dependency[]): boolean {
    return deps.every((d) => this.digestNow(d) === d.digest);
  }

  private digestNow(dep: Dependency): string {
    const key = dep.kind === 'file' ? `file\0${dep.path}\0${dep.max}\0${dep.noFollow === true}` : dep.kind === 'listing' ? `listing\0${dep.path}` : `lookup\0${dep.root}\0${dep.name}`;
    let digest = this.digests.get(key);
    if (digest === undefined) {
      digest = dep.kind === 'file' ? fileDigest(dep.path, dep.max, dep.noFollow === true) : dep.kind === 'listing' ? listingDigest(dep.path) : lookupDigest(dep.root, dep.name);
      this.digests.set(key, digest);
    }
    return digest;
  }
}

/** A file's digest as its module reads it: under `max`, a regular file (a symbolic link followed unless `noFollow`), else ABSENT. */
export function fileDigest(file: string, max: number, noFollow: boolean): string {
  if (noFollow) {
    try {
      const st = lstatSync(file);
      return st.isFile() && st.size <= max ? digestOf(readFileSync(file)) : ABSENT;
    } catch {
      return ABSENT; // missing or unreadable: the module read nothing from it either
    }
  }
  try {
    return digestOf(readRegularFile(file, max));
  } catch (err) {
    if (err instanceof ControlFileError) return ABSENT;
    throw err;
  }
}

function listingDigest(dir: string): string {
  try {
    return digestOfNames(readdirSync(dir));
  } catch {
    return digestOfNames([]); // unreadable: the module listed nothing either
  }
}
