/**
 * The subject prefix a subsystem uses ("e1000e:", "net: ethernet: foo:",
 * "drm/i915/gt:"), learned from the files' own history: the most common
 * prefix of `git log --format=%s -- <files>`, ignoring merges, reverts and
 * tree-wide commits; failing that, one built from the path.
 */
import type { Git } from '../git/run-git.js';

/** At most this many commits are read per patch (newest first). */
export const HISTORY_DEPTH = 200;

const COMPONENT = '[A-Za-z0-9_][A-Za-z0-9_./+,-]*';
const PREFIX_RE = new RegExp(`^((?:${COMPONENT}: ){1,4})(?=\\S)`);
const IGNORED = /^(?:Merge\b|Revert\b|Reapply\b|Linux \d|treewide:|tree-wide:|all:)/i;

/** The prefix of one subject, with its trailing space ("net: e1000e: "), if it has one. */
export function prefixOfSubject(subject: string): string | undefined {
  const s = subject.trim();
  if (IGNORED.test(s)) return undefined;
  const m = PREFIX_RE.exec(s);
  if (!m) return undefined;
  const prefix = m[1]!;
  return prefix.length <= 48 ? prefix.trimEnd() : undefined;
}

/** The most common prefix (ties: the one seen first, i.e. most recently). */
export function mostCommonPrefix(subjects: readonly string[]): string | undefined {
  const counts = new Map<string, number>();
  for (const s of subjects) {
    const p = prefixOfSubject(s);
    if (p) counts.set(p, (counts.get(p) ?? 0) + 1);
  }
  let best: string | undefined;
  let bestCount = 0;
  for (const [p, n] of counts) {
    if (n > bestCount) {
      best = p;
      bestCount = n;
    }
  }
  return best;
}

/** A prefix from a directory: drivers/net/ethernet/foo → "net: ethernet: foo:", fs/ceph → "ceph:" (at most three parts). */
export function pathPrefix(dir: string): string {
  let parts = dir.split('/').filter((p) => p !== '' && p !== '.');
  // Drivers and filesystems go by their own names ("block: drbd:", "ceph:").
  if ((parts[0] === 'drivers' || parts[0] === 'fs') && parts.length > 1) parts = parts.slice(1);
  if (parts.length > 3) parts = [parts[0]!, ...parts.slice(-2)];
  return parts.length === 0 ? 'treewide:' : `${parts.join(': ')}:`;
}

export interface LearnedPrefix {
  readonly prefix: string;
  readonly source: 'history' | 'path';
}

export function learnPrefix(git: Git, files: readonly string[], dir: string): LearnedPrefix {
  const log = git.text(['log', '--no-merges', `-n${HISTORY_DEPTH}`, '--format=%s', 'HEAD', '--', ...files.map((f) => `:(literal)${f}`)]);
  const prefix = mostCommonPrefix(log.split('\n').filter(Boolean));
  return prefix ? { prefix, source: 'history' } : { prefix: pathPrefix(dir), source: 'path' };
}
