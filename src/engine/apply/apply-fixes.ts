/**
 * Apply fixes to a text. Fixes are atomic: all of a fix's edits apply or
 * none. A fix whose edit overlaps or touches an already accepted edit is
 * deferred (the caller re-plans and retries it on the new text).
 */
import { rangesOverlapOrTouch, type Range } from '../../core/range.js';
import type { Fix, TextEdit } from '../../core/types.js';
import { spliceEdits } from '../../core/splice-edits.js';
import { assertFixWellFormed } from '../../core/fix-shape.js';

export { assertFixWellFormed };

export interface ApplyResult {
  readonly text: string;
  readonly applied: readonly Fix[];
  readonly deferred: readonly Fix[];
  /** The edits applied, sorted, for mapping positions back to the input. */
  readonly edits: readonly TextEdit[];
}

function compareEdits(a: TextEdit, b: TextEdit): number {
  return a.range.start - b.range.start || a.range.end - b.range.end;
}

function fixStart(fix: Fix): number {
  return Math.min(...fix.edits.map((e) => e.range.start));
}

export function applyFixes(text: string, fixes: readonly Fix[]): ApplyResult {
  const ordered = [...fixes].sort((a, b) => fixStart(a) - fixStart(b) || (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : a.id - b.id));
  const accepted: TextEdit[] = [];
  const applied: Fix[] = [];
  const deferred: Fix[] = [];
  for (const fix of ordered) {
    if (fix.edits.length === 0) continue;
    assertFixWellFormed(fix, text.length);
    const conflicts = fix.edits.some((e) => accepted.some((a) => rangesOverlapOrTouch(a.range, e.range)));
    if (conflicts) {
      deferred.push(fix);
      continue;
    }
    accepted.push(...fix.edits);
    applied.push(fix);
  }
  accepted.sort(compareEdits);
  return { text: spliceEdits(text, accepted), applied, deferred, edits: accepted };
}

/**
 * Map an index in the output of `edits` back to the input: positions outside
 * edits shift by the accumulated delta; positions inside an edit map to its start.
 */
export function mapBack(index: number, edits: readonly TextEdit[]): number {
  let delta = 0;
  for (const e of edits) {
    const newStart = e.range.start + delta;
    const newEnd = newStart + e.text.length;
    if (index < newStart) break;
    if (index < newEnd) return e.range.start;
    delta += e.text.length - (e.range.end - e.range.start);
  }
  return index - delta;
}

/** Map a range of the input forward through `edits` (for ranges that no edit touches). */
export function mapForward(range: Range, edits: readonly TextEdit[]): Range | undefined {
  let delta = 0;
  for (const e of edits) {
    if (e.range.end <= range.start && !(e.range.start === e.range.end && e.range.start === range.start)) {
      delta += e.text.length - (e.range.end - e.range.start);
      continue;
    }
    if (e.range.start >= range.end) break;
    return undefined;
  }
  return { start: range.start + delta, end: range.end + delta };
}
