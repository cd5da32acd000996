/**
 * The edits of one provider conversion, collected from many places (ops
 * fields, signatures, bodies, callers, comments) into one atomic fix. Edits
 * that touch end to start are merged into one edit (the engine rejects
 * touching edits inside a fix because their order would be ambiguous; here
 * the order is known: by position). Real overlap is a rule bug.
 */
import { InternalError } from '../../core/errors.js';
import { rangesOverlap, type Range } from '../../core/range.js';
import type { TextEdit } from '../../core/types.js';

export class EditSet {
  private readonly edits: TextEdit[] = [];

  replace(range: Range, text: string): void {
    this.edits.push({ range: { start: range.start, end: range.end }, text });
  }

  insert(at: number, text: string): void {
    this.edits.push({ range: { start: at, end: at }, text });
  }

  /** Is any part of `range` already edited? (Used to avoid renaming inside a rewritten call.) */
  covers(range: Range): boolean {
    return this.edits.some((e) => e.range.start <= range.start && range.end <= e.range.end && e.range.start < e.range.end);
  }

  /**
   * Sorted, merged edits; throws on overlap. Insertions at one point keep the
   * order they were added in. With the file's text, no touched line keeps
   * trailing whitespace: the new text loses it, and so does the rest of the
   * line an edit ends on.
   */
  result(text?: string): TextEdit[] {
    const merged = this.merged();
    if (text === undefined) return merged;
    const out: TextEdit[] = [];
    merged.forEach((e, i) => {
      const clean = { range: e.range, text: e.text.replace(/[ \t]+(?=\r?\n)/g, '') };
      const nl = text.indexOf('\n', e.range.end);
      const eol = nl === -1 ? text.length : nl > 0 && text[nl - 1] === '\r' ? nl - 1 : nl;
      let ws = eol;
      while (ws > e.range.end && (text[ws - 1] === ' ' || text[ws - 1] === '\t')) ws--;
      const next = merged[i + 1];
      const touched = e.range.start < e.range.end || e.text.length > 0;
      if (touched && ws < eol && (!next || next.range.start > eol) && !clean.text.endsWith('\n')) {
        out.push(clean, { range: { start: ws, end: eol }, text: '' });
      } else {
        out.push(clean);
      }
    });
    return new EditSet().addAll(out).merged();
  }

  private addAll(edits: readonly TextEdit[]): this {
    for (const e of edits) this.edits.push(e);
    return this;
  }

  private merged(): TextEdit[] {
    const sorted = this.edits.map((e, i) => ({ e, i })).sort((a, b) => a.e.range.start - b.e.range.start || a.e.range.end - b.e.range.end || a.i - b.i);
    const out: TextEdit[] = [];
    for (const { e } of sorted) {
      const last = out[out.length - 1];
      if (last && rangesOverlap(last.range, e.range)) {
        if (last.range.start === e.range.start && last.range.end === e.range.end && last.text === e.text) continue;
        throw new InternalError(`dma-ops-map-page-to-map-phys: overlapping edits at [${last.range.start}, ${last.range.end}) and [${e.range.start}, ${e.range.end})`);
      }
      if (last && last.range.end === e.range.start) {
        out[out.length - 1] = { range: { start: last.range.start, end: e.range.end }, text: last.text + e.text };
        continue;
      }
      out.push(e);
    }
    return out;
  }
}
