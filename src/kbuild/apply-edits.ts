/** Apply node-range text edits to a text (validation's overlays and mutations; never a regex). */
import { InternalError } from '../core/errors.js';
import type { TextEdit } from '../core/types.js';

export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const sorted = [...edits].sort((a, b) => a.range.start - b.range.start || a.range.end - b.range.end);
  let out = '';
  let at = 0;
  for (const e of sorted) {
    if (e.range.start < at || e.range.end < e.range.start || e.range.end > text.length) {
      throw new InternalError(`overlapping or out-of-range edit at [${e.range.start}, ${e.range.end})`);
    }
    out += text.slice(at, e.range.start) + e.text;
    at = e.range.end;
  }
  return out + text.slice(at);
}
