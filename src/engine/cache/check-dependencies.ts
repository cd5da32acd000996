/**
 * Re-reads a stored result's dependencies (core/dependency.ts) the way the
 * module that recorded them read them, and says whether each digest still
 * holds. Digests are memoised for the run (one checker per process context),
 * so a Makefile or a sibling file shared by many entries is hashed once.
 */
import { lstatSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { ControlFileError, readRegularFile } from '../../core/control-file.js';
import { ABSENT, digestOf, digestOfNames, IS_DIRECTORY, type Dependency } from '../../core/dependency.js';
import { lookupDigest } from '../analyze/summaries/index.js';
import { maintainersFile, statusAnswer } from '../discover/maintainers/subsystem-status.js';

export class DependencyChecker {
  private readonly digests = new Map<string, string>();

  /** Does every dependency still have its recorded digest? */
  holds(deps: readonly Dependency[]): boolean {
    return deps.every((d) => this.holdsOne(d));
  }

  private holdsOne(dep: Dependency): boolean {
    if (dep.kind !== 'maintainers') return this.digestNow(dep) === dep.digest;
    // The same MAINTAINERS gives the same answer; a changed one is asked again for this file.
    const file = maintainersFile(dep.root);
    if (this.digestNow({ kind: 'file', path: file.path, max: file.max, noFollow: true, digest: ABSENT }) === dep.file) return true;
    return this.digestNow(dep) === dep.digest;
  }

  private digestNow(dep: Dependency): string {
    const key = dependencyId(dep);
    let digest = this.digests.get(key);
    if (digest === undefined) {
      digest = digestNow(dep);
      this.digests.set(key, digest);
    }
    return digest;
  }
}

/** What names a dependency (its digest aside): one record per file, and one digest per run. */
export function dependencyId(dep: Dependency): string {
  switch (dep.kind) {
    case 'file':
      return `file\0${dep.path}\0${dep.max}\0${dep.noFollow === true}`;
    case 'listing':
    case 'directory':
      return `${dep.kind}\0${dep.path}`;
    case 'lookup':
      return `lookup\0${dep.root}\0${dep.name}`;
    case 'maintainers':
      return `maintainers\0${dep.root}\0${dep.path}`;
  }
}

function digestNow(dep: Dependency): string {
  switch (dep.kind) {
    case 'file':
      return fileDigest(dep.path, dep.max, dep.noFollow === true);
    case 'listing':
      return listingDigest(dep.path);
    case 'directory':
      return directoryDigest(dep.path);
    case 'lookup':
      return lookupDigest(dep.root, dep.name);
    case 'maintainers':
      return statusAnswer(dep.root, dep.path);
  }
}

/** As MAINTAINERS matching tells a directory pattern (a symbolic link to a directory counts). */
function directoryDigest(p: string): string {
  try {
    return statSync(p).isDirectory() ? IS_DIRECTORY : ABSENT;
  } catch {
    return ABSENT; // missing or unreadable: not a directory, as the matcher decided
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
