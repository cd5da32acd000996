/**
 * Re-parse a rewritten file incrementally: tell tree-sitter where the
 * normalised text changed (a line diff of the old and new normalised texts,
 * so the edits are exact whatever the normaliser did) and let it reuse the
 * rest of the old tree. Same tree as a fresh parse, at a fraction of the cost.
 */
import { diffLines } from 'diff';
import type { Tree } from '../core/syntax.js';

interface Point {
  row: number;
  column: number;
}

/** Where `text` ends, starting from `from`. */
function advance(from: Point, text: string): Point {
  const last = text.lastIndexOf('\n');
  if (last === -1) return { row: from.row, column: from.column + text.length };
  let rows = 0;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) rows++;
  return { row: from.row + rows, column: text.length - last - 1 };
}

/**
 * Edit `tree` (parsed from `oldText`) in place so that it describes `newText`'s
 * positions; returns false when the texts are equal.
 */
export function editTreeForText(tree: Tree, oldText: string, newText: string): boolean {
  const parts = diffLines(oldText, newText);
  let at = 0; // index in the text as edited so far (equal to newText up to here)
  let point: Point = { row: 0, column: 0 };
  let edited = false;
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i]!;
    if (!part.added && !part.removed) {
      at += part.value.length;
      point = advance(point, part.value);
      continue;
    }
    // A removed run, an added run, or a removed run followed by an added one.
    let removed = '';
    let added = '';
    if (part.removed) {
      removed = part.value;
      const next = parts[i + 1];
      if (next?.added) {
        added = next.value;
        i++;
      }
    } else {
      added = part.value;
    }
    tree.edit({
      startIndex: at,
      oldEndIndex: at + removed.length,
      newEndIndex: at + added.length,
      startPosition: point,
      oldEndPosition: advance(point, removed),
      newEndPosition: advance(point, added),
    });
    at += added.length;
    point = advance(point, added);
    edited = true;
  }
  return edited;
}
