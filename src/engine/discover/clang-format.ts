/**
 * The kernel's own list of iterator macros: `.clang-format` at the tree root
 * lists them under ForEachMacros (one `  - 'name'` line each). The normaliser
 * parses those as loops; without the file it uses its built-in list.
 */
import path from 'node:path';
import { readControlFileIfPresent } from '../../core/control-file.js';

/** Parse the ForEachMacros list out of a .clang-format text (YAML block list or flow list). */
export function parseForEachMacros(text: string): string[] {
  const out: string[] = [];
  const lines = text.split(/\r?\n/);
  const at = lines.findIndex((l) => /^ForEachMacros\s*:/.test(l));
  if (at === -1) return out;
  const inline = /^ForEachMacros\s*:\s*\[(.*)\]/.exec(lines[at]!);
  if (inline) {
    for (const item of inline[1]!.split(',')) {
      const name = item.trim().replace(/^['"]|['"]$/g, '');
      if (/^\w+$/.test(name)) out.push(name);
    }
    return out;
  }
  for (let i = at + 1; i < lines.length; i++) {
    const line = lines[i]!;
    if (/^\s*(?:#.*)?$/.test(line)) continue;
    const m = /^\s+-\s+['"]?(\w+)['"]?\s*(?:#.*)?$/.exec(line);
    if (!m) break;
    out.push(m[1]!);
  }
  return out;
}

/** The tree's ForEachMacros, or undefined when it has no readable .clang-format listing them. */
export function readForEachMacros(treeRoot: string): ReadonlySet<string> | undefined {
  // Absent: the normaliser's built-in list applies. Not a regular file or too large: a one-line error (exit 4).
  const text = readControlFileIfPresent(path.join(treeRoot, '.clang-format'));
  if (text === undefined) return undefined;
  const names = parseForEachMacros(text);
  return names.length > 0 ? new Set(names) : undefined;
}
