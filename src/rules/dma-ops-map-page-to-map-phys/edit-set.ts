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

  /** Sorted, merged edits; throws on overlap. Insertions at one point keep the order they were added in. */
  result(): TextEdit[] {
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
