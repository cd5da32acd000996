/**
 * Re-parse a rewritten file incrementally: tell tree-sitter where the
 * normalised text changed (a line diff of the old and new normalised texts,
 * so the edits are exact whatever the normaliser did) and let it reuse the
 * rest of the old tree. Same tree as a fresh parse, at a fraction of the cost.
 */
import { diffLines } from 'diff';

/**
 * Line edits beyond which a diff gives up and the text is parsed afresh. The
 * Myers diff costs about the square of the edit length: at 4,000 a file of
 * 2,000 converted functions spent 3 s in the diff alone, more than the fresh
 * parse it avoids (tree-sitter parses megabytes in a fraction of a second).
 */
export const MAX_EDIT_LINES = 256;

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

/** One edit of a tree, in the shape `Tree.edit` takes. */
export interface TreeEdit {
  readonly startIndex: number;
  readonly oldEndIndex: number;
  readonly newEndIndex: number;
  readonly startPosition: Point;
  readonly oldEndPosition: Point;
  readonly newEndPosition: Point;
}

/**
 * The edits that turn a tree of `oldText` into one describing `newText`'s
 * positions (from a line diff), or undefined when the texts differ in so
 * many lines that a fresh parse is cheaper.
 */
export function treeEditsForText(oldText: string, newText: string): TreeEdit[] | undefined {
  const parts = diffLines(oldText, newText, { maxEditLength: MAX_EDIT_LINES });
  if (!parts) return undefined;
  const edits: TreeEdit[] = [];
  let at = 0; // index in the text as edited so far (equal to newText up to here)
  let point: Point = { row: 0, column: 0 };
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
    edits.push({
      startIndex: at,
      oldEndIndex: at + removed.length,
      newEndIndex: at + added.length,
      startPosition: point,
      oldEndPosition: advance(point, removed),
      newEndPosition: advance(point, added),
    });
    at += added.length;
    point = advance(point, added);
  }
  return edits;
}

/** Ranges of `newText` that differ from `oldText` (by lines), in `newText`'s indices; all of it when they differ a lot. */
export function changedRanges(oldText: string, newText: string): { start: number; end: number }[] {
  const out: { start: number; end: number }[] = [];
  let at = 0;
  const parts = diffLines(oldText, newText, { maxEditLength: MAX_EDIT_LINES });
  if (!parts) return [{ start: 0, end: newText.length }];
  for (const part of parts) {
    if (part.removed) {
      out.push({ start: at, end: at });
      continue;
    }
    if (part.added) out.push({ start: at, end: at + part.value.length });
    at += part.value.length;
  }
  return out;
}
