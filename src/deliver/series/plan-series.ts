/**
 * Group per-rule file changes into patches: one per (rule, driver
 * directory) by default, never spanning two MAINTAINERS sections, so each
 * patch goes to one set of maintainers; or one per (rule, MAINTAINERS
 * section). Patches are ordered by rule, then path, and each file's changes
 * by rule, so every patch applies on the previous one.
 */
import path from 'node:path';
import type { TextEncoding } from '../../core/outcome.js';
import type { Finding } from '../../core/types.js';
import type { Fix } from '../../core/types.js';

export type GroupBy = 'dir' | 'maintainers';

export interface StagedFile {
  readonly ruleId: string;
  /** Relative to the repository top (what the patch names). */
  readonly path: string;
  /** Relative to the kernel tree root (what MAINTAINERS names). */
  readonly treePath: string;
  readonly mode: string;
  readonly before: string;
  readonly after: string;
  readonly encoding: TextEncoding;
  readonly fixes: readonly Fix[];
  /** Converted sites of this rule in this file. */
  readonly sites: readonly Finding[];
  readonly alsoRules: readonly string[];
}

export interface PlannedPatch {
  readonly ruleId: string;
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
  const groups = new Map<string, { ruleId: string; sections: readonly string[]; files: StagedFile[] }>();
  for (const f of files) {
    const sections = sectionsOf(f.treePath);
    const dir = path.posix.dirname(f.path);
    const where = by === 'maintainers' && sections.length > 0 ? `section:${sections.join('|')}` : `dir:${dir}\0${sections.join('|')}`;
    const key = `${f.ruleId}\0${where}`;
    const g = groups.get(key) ?? { ruleId: f.ruleId, sections, files: [] };
    g.files.push(f);
    groups.set(key, g);
  }
  const rank = (id: string) => {
    const i = ruleOrder.indexOf(id);
    return i === -1 ? ruleOrder.length : i;
  };
  const patches = [...groups.values()].map((g) => {
    const sorted = [...g.files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
    return { ruleId: g.ruleId, dir: commonDir(sorted.map((f) => f.path)), sections: g.sections, files: sorted };
  });
  return patches.sort((a, b) => rank(a.ruleId) - rank(b.ruleId) || (a.files[0]!.path < b.files[0]!.path ? -1 : a.files[0]!.path > b.files[0]!.path ? 1 : 0));
}
