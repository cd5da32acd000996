/**
 * Is a file's subsystem one nobody takes patches for? The most specific
 * MAINTAINERS sections covering the file decide: `S: Obsolete` (reiserfs in
 * 6.12: "Obsolete" means "old code, to be removed") or `S: Orphan` (no
 * maintainer). The MAINTAINERS file is read and indexed once per tree and
 * process; a tree without one has no statuses. Each call reports the
 * MAINTAINERS file with the digest of its bytes to the caller's
 * DependencyRecorder (core/dependency.ts), also when the index comes from
 * the memo, so a stored result is replayed only while MAINTAINERS is the same;
 * the index tells it which pattern paths it looked up as directories.
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

function indexFor(treeRoot: string, deps: DependencyRecorder | undefined): MaintainersIndex | undefined {
  const file = path.join(treeRoot, 'MAINTAINERS');
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
  deps?.record({ kind: 'file', path: file, max: MAX_MAINTAINERS_BYTES, noFollow: true, digest: cached.digest });
  return cached.index ?? undefined;
}

/** The status of `treePath` (relative to `treeRoot`) when obsolete or orphaned; MAINTAINERS is reported to `deps`. */
export function subsystemStatus(treeRoot: string, treePath: string, deps?: DependencyRecorder): SubsystemStatus | undefined {
  const index = indexFor(treeRoot, deps);
  if (!index) return undefined;
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
