/**
 * Is a file's subsystem one nobody takes patches for? The most specific
 * MAINTAINERS sections covering the file decide: `S: Obsolete` (reiserfs in
 * 6.12: "Obsolete" means "old code, to be removed") or `S: Orphan` (no
 * maintainer). The MAINTAINERS file is read and indexed once per tree and
 * process; a tree without one has no statuses. Each call reports its
 * answer, with the digest of the MAINTAINERS bytes it came from, to the
 * caller's DependencyRecorder (core/dependency.ts), also when the index comes
 * from the memo: a stored result is replayed while MAINTAINERS is the same
 * file or, when it changed, while it gives the file the same answer
 * (`statusAnswer`); the index tells it which pattern paths it looked up as
 * directories.
 */
import { lstatSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { ABSENT, digestOf, type DependencyRecorder } from '../../../core/dependency.js';
import { MaintainersIndex } from './match-maintainers.js';
import { parseMaintainers } from './parse-maintainers.js';

export interface SubsystemStatus {
  readonly status: 'obsolete' | 'orphan';
  /** The section's title line. */
  readonly section: string;
}

/** MAINTAINERS is about 1 MB; anything far larger is not one. */
const MAX_MAINTAINERS_BYTES = 16 * 1024 * 1024;
const indexes = new Map<string, { readonly index: MaintainersIndex | null; readonly digest: string }>();

/** The MAINTAINERS file of a tree, and the cap it is read with (for the cache's re-check). */
export function maintainersFile(treeRoot: string): { readonly path: string; readonly max: number } {
  return { path: path.join(treeRoot, 'MAINTAINERS'), max: MAX_MAINTAINERS_BYTES };
}

function indexFor(treeRoot: string): { readonly index: MaintainersIndex | null; readonly digest: string } {
  const file = maintainersFile(treeRoot).path;
  let cached = indexes.get(treeRoot);
  if (cached === undefined) {
    let index: MaintainersIndex | null = null;
    let digest = ABSENT;
    try {
      const st = lstatSync(file);
      if (st.isFile() && st.size <= MAX_MAINTAINERS_BYTES) {
        const bytes = readFileSync(file);
        index = new MaintainersIndex(parseMaintainers(bytes.toString('utf8')), treeRoot);
        digest = digestOf(bytes);
      }
    } catch {
      index = null; // no MAINTAINERS (or unreadable): no statuses
      digest = ABSENT;
    }
    cached = { index, digest };
    indexes.set(treeRoot, cached);
  }
  return cached;
}

/** The status of `treePath` (relative to `treeRoot`) when obsolete or orphaned; the answer is reported to `deps`. */
export function subsystemStatus(treeRoot: string, treePath: string, deps?: DependencyRecorder): SubsystemStatus | undefined {
  const { index, digest } = indexFor(treeRoot);
  const status = index ? statusIn(index, treePath, deps) : undefined;
  deps?.record({ kind: 'maintainers', root: treeRoot, path: treePath, file: digest, digest: answerOf(status) });
  return status;
}

/** The answer MAINTAINERS (as this process read it) gives `treePath` now, as a `maintainers` dependency records it. */
export function statusAnswer(treeRoot: string, treePath: string): string {
  const { index } = indexFor(treeRoot);
  return answerOf(index ? statusIn(index, treePath, undefined) : undefined);
}

function answerOf(status: SubsystemStatus | undefined): string {
  return status ? `${status.status}\0${status.section}` : ABSENT;
}

function statusIn(index: MaintainersIndex, treePath: string, deps: DependencyRecorder | undefined): SubsystemStatus | undefined {
  const matches = index.sectionsFor(treePath, deps).filter((m) => m.depth >= 0);
  if (matches.length === 0) return undefined;
  const deepest = Math.max(...matches.map((m) => m.depth));
  const top = matches.filter((m) => m.depth === deepest);
  const obsolete = top.find((m) => /\bobsolete\b/i.test(m.section.status ?? ''));
  if (obsolete) return { status: 'obsolete', section: obsolete.section.name };
  // Orphaned only when no section at that depth is maintained.
  if (top.every((m) => /\borphan\b/i.test(m.section.status ?? ''))) return { status: 'orphan', section: top[0]!.section.name };
  return undefined;
}
