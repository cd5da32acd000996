/**
 * Which objects to build for a changed file: a .c builds its own .o; a
 * directory-local header builds the .c files beside it that include it (a
 * few); anything else is reported, never silently dropped.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { ChangedFile } from './change-set.js';

export interface ObjectsForChange {
  readonly objects: readonly { readonly object: string; readonly source: string }[];
  /** Why nothing is built for this file, when objects is empty. */
  readonly skipReason?: string;
}

const MAX_HEADER_USERS = 3;

export function objectsForChange(tree: string, change: ChangedFile): ObjectsForChange {
  const rel = change.path;
  if (change.after === undefined) return { objects: [], skipReason: 'deleted by the change: nothing to build' };
  if (rel.endsWith('.c')) return { objects: [{ object: rel.replace(/\.c$/, '.o'), source: rel }] };
  if (!rel.endsWith('.h')) return { objects: [], skipReason: 'not a C source or header' };
  if (rel.startsWith('include/') || /^arch\/[^/]+\/include\//.test(rel)) {
    return { objects: [], skipReason: 'a shared header: validate the objects that use it (give their .c files)' };
  }
  const dir = path.posix.dirname(rel);
  const base = path.posix.basename(rel);
  const abs = path.join(tree, dir);
  const users = existsSync(abs)
    ? readdirSync(abs)
        .filter((n) => n.endsWith('.c'))
        .sort()
        .filter((n) => new RegExp(`#\\s*include\\s+["<](?:[^">]*/)?${base.replace(/[.]/g, '\\.')}[">]`).test(readFileSync(path.join(abs, n), 'utf8')))
    : [];
  if (users.length === 0) return { objects: [], skipReason: `no .c file in ${dir}/ includes ${base}` };
  return { objects: users.slice(0, MAX_HEADER_USERS).map((n) => ({ object: `${dir}/${n.replace(/\.c$/, '.o')}`, source: `${dir}/${n}` })) };
}
