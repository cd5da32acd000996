/**
 * Group file changes into patches: one per driver directory by default
 * (every rule's changes to the driver together, as a person would send
 * them), never spanning two MAINTAINERS sections, so each patch goes to one
 * set of maintainers; or one per MAINTAINERS section. Patches are ordered by
 * their first rule, then path; each file is in exactly one patch.
 */
import path from 'node:path';
import type { TextEncoding } from '../../core/outcome.js';
import type { Finding } from '../../core/types.js';
import type { Fix } from '../../core/types.js';

export type GroupBy = 'dir' | 'maintainers';

export interface StagedFile {
  /** The rules whose changes the file carries, in rule order. */
  readonly rules: readonly string[];
  /** Relative to the repository top (what the patch names). */
  readonly path: string;
  /** Relative to the kernel tree root (what MAINTAINERS names). */
  readonly treePath: string;
  readonly mode: string;
  readonly before: string;
  readonly after: string;
  readonly encoding: TextEncoding;
  readonly fixes: readonly Fix[];
  /** Converted sites in this file. */
  readonly sites: readonly Finding[];
}

export interface PlannedPatch {
  /** The rules whose changes the patch carries, in rule order. */
  readonly rules: readonly string[];
  /** The driver directory (common directory of the files, repository-relative). */
  readonly dir: string;
  /** The MAINTAINERS sections the files fall under most specifically (may be empty). */
  readonly sections: readonly string[];
  readonly files: StagedFile[];
}

export function commonDir(paths: readonly string[]): string {
  if (paths.length === 0) return '.';
  let parts = path.posix.dirname(paths[0]!).split('/');
  for (const p of paths.slice(1)) {
    const q = path.posix.dirname(p).split('/');
    let i = 0;
    while (i < parts.length && i < q.length && parts[i] === q[i]) i++;
    parts = parts.slice(0, i);
  }
  return parts.join('/') || '.';
}

export function planSeries(files: readonly StagedFile[], by: GroupBy, ruleOrder: readonly string[], sectionsOf: (treePath: string) => readonly string[]): PlannedPatch[] {
  const groups = new Map<string, { sections: readonly string[]; files: StagedFile[] }>();
  for (const f of files) {
    const sections = sectionsOf(f.treePath);
    const dir = path.posix.dirname(f.path);
    const key = by === 'maintainers' && sections.length > 0 ? `section:${sections.join('|')}` : `dir:${dir}\0${sections.join('|')}`;
    const g = groups.get(key) ?? { sections, files: [] };
    g.files.push(f);
    groups.set(key, g);
  }
  const rank = (id: string) => {
    const i = ruleOrder.indexOf(id);
    return i === -1 ? ruleOrder.length : i;
  };
  const patches = [...groups.values()].map((g) => {
    const sorted = [...g.files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
    const rules = [...new Set(sorted.flatMap((f) => f.rules))].sort((a, b) => rank(a) - rank(b));
    return { rules, dir: commonDir(sorted.map((f) => f.path)), sections: g.sections, files: sorted };
  });
  return patches.sort((a, b) => rank(a.rules[0]!) - rank(b.rules[0]!) || (a.files[0]!.path < b.files[0]!.path ? -1 : a.files[0]!.path > b.files[0]!.path ? 1 : 0));
}
