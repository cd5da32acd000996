/**
 * Identifiers a change renamed, read from the token-level difference of the
 * old and new text: a run of removed tokens that is one identifier directly
 * replaced by one added identifier (`gart_map_page` → `gart_map_phys`). A
 * name replaced inconsistently (by two different names) is not a rename.
 * Regexes here only split text into tokens for reading.
 */
import { diffArrays } from 'diff';

const TOKEN_RE = /[A-Za-z_]\w*|\d\w*|\S/g;
const IDENT_RE = /^[A-Za-z_]\w*$/;

/** new name → old name */
export function renamedIdentifiers(before: string, after: string): Map<string, string> {
  const changes = diffArrays(before.match(TOKEN_RE) ?? [], after.match(TOKEN_RE) ?? []);
  const pairs = new Map<string, string>();
  const conflicting = new Set<string>();
  for (let i = 0; i + 1 < changes.length; i++) {
    const removed = changes[i]!;
    const added = changes[i + 1]!;
    if (!removed.removed || !added.added || removed.value.length !== 1 || added.value.length !== 1) continue;
    const oldName = removed.value[0]!;
    const newName = added.value[0]!;
    if (!IDENT_RE.test(oldName) || !IDENT_RE.test(newName)) continue;
    if (pairs.has(newName) && pairs.get(newName) !== oldName) conflicting.add(newName);
    pairs.set(newName, oldName);
  }
  // One old name turned into several new ones is no rename either.
  const byOld = new Map<string, string[]>();
  for (const [n, o] of pairs) byOld.set(o, [...(byOld.get(o) ?? []), n]);
  for (const names of byOld.values()) if (names.length > 1) for (const n of names) conflicting.add(n);
  for (const c of conflicting) pairs.delete(c);
  // A "new" name that the old text already used is not a rename of anything.
  const oldTokens = new Set(before.match(TOKEN_RE) ?? []);
  for (const n of [...pairs.keys()]) if (oldTokens.has(n)) pairs.delete(n);
  return pairs;
}
