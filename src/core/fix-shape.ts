/** The shape every fix must have, checked where a rule makes one (plan) and where fixes apply. */
import { InternalError } from './errors.js';
import { rangesOverlap } from './range.js';
import type { Fix, TextEdit } from './types.js';

/** Throw if a single fix's own edits overlap (a rule bug), or if an edit falls outside the text. */
export function assertFixWellFormed(fix: Pick<Fix, 'ruleId' | 'edits'>, textLength: number): void {
  const sorted = [...fix.edits].sort(compareEdits);
  for (let i = 0; i < sorted.length; i++) {
    const e = sorted[i]!;
    if (e.range.start < 0 || e.range.end > textLength || e.range.start > e.range.end) {
      throw new InternalError(`rule ${fix.ruleId} produced an edit outside the text: [${e.range.start}, ${e.range.end})`);
    }
    const next = sorted[i + 1];
    if (next && (rangesOverlap(e.range, next.range) || (e.range.end === next.range.start && (isInsertion(e) || isInsertion(next))))) {
      throw new InternalError(`rule ${fix.ruleId} produced overlapping edits at [${e.range.start}, ${e.range.end}) and [${next.range.start}, ${next.range.end})`);
    }
  }
}

function isInsertion(e: TextEdit): boolean {
  return e.range.start === e.range.end;
}

function compareEdits(a: TextEdit, b: TextEdit): number {
  return a.range.start - b.range.start || a.range.end - b.range.end;
}
