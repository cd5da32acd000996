/**
 * Is a file's subsystem one nobody takes patches for? The most specific
 * MAINTAINERS sections covering the file decide: `S: Obsolete` (reiserfs in
 * 6.12: "Obsolete" means "old code, to be removed") or `S: Orphan` (no
 * maintainer). The MAINTAINERS file is read and indexed once per tree and
 * process; a tree without one has no statuses.
 */
import { lstatSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { MaintainersIndex } from './match-maintainers.js';
import { parseMaintainers } from './parse-maintainers.js';

export interface SubsystemStatus {
  readonly status: 'obsolete' | 'orphan';
  /** The section's title line. */
  readonly section: string;
}

/** MAINTAINERS is about 1 MB; anything far larger is not one. */
const MAX_MAINTAINERS_BYTES = 16 * 1024 * 1024;
const indexes = new Map<string, MaintainersIndex | null>();

function indexFor(treeRoot: string): MaintainersIndex | undefined {
  const cached = indexes.get(treeRoot);
  if (cached !== undefined) return cached ?? undefined;
  let index: MaintainersIndex | null = null;
  const file = path.join(treeRoot, 'MAINTAINERS');
  try {
    const st = lstatSync(file);
    if (st.isFile() && st.size <= MAX_MAINTAINERS_BYTES) index = new MaintainersIndex(parseMaintainers(readFileSync(file, 'utf8')), treeRoot);
  } catch {
    index = null; // no MAINTAINERS (or unreadable): no statuses
  }
  indexes.set(treeRoot, index);
  return index ?? undefined;
}

/** The status of `treePath` (relative to `treeRoot`) when obsolete or orphaned. */
export function subsystemStatus(treeRoot: string, treePath: string): SubsystemStatus | undefined {
  const index = indexFor(treeRoot);
  if (!index) return undefined;
  const matches = index.sectionsFor(treePath).filter((m) => m.depth >= 0);
  if (matches.length === 0) return undefined;
  const deepest = Math.max(...matches.map((m) => m.depth));
  const top = matches.filter((m) => m.depth === deepest);
  const obsolete = top.find((m) => /\bobsolete\b/i.test(m.section.status ?? ''));
  if (obsolete) return { status: 'obsolete', section: obsolete.section.name };
  // Orphaned only when no section at that depth is maintained.
  if (top.every((m) => /\borphan\b/i.test(m.section.status ?? ''))) return { status: 'orphan', section: top[0]!.section.name };
  return undefined;
}
