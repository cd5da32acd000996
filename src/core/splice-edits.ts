/**
 * Splice text edits into a text: the one place that turns a set of
 * node-range edits into new text (fixes, layout, overlays, mutations).
 */
import { InternalError } from './errors.js';
import type { TextEdit } from './types.js';

/**
 * The text of [start, end) with `edits` (all inside it, none overlapping)
 * applied, in position order; a whole text by default.
 */
export function spliceEdits(text: string, edits: readonly TextEdit[], start = 0, end = text.length): string {
  const sorted = [...edits].sort((a, b) => a.range.start - b.range.start || a.range.end - b.range.end);
  let out = '';
  let at = start;
  for (const e of sorted) {
    if (e.range.start < at || e.range.end < e.range.start || e.range.end > end) {
      throw new InternalError(`overlapping or out-of-range edit at [${e.range.start}, ${e.range.end})`);
    }
    out += text.slice(at, e.range.start) + e.text;
    at = e.range.end;
  }
  return out + text.slice(at, end);
}
