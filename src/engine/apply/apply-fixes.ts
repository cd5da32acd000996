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
  let start = Infinity;
  for (const e of fix.edits) if (e.range.start < start) start = e.range.start;
  return start;
}

export function applyFixes(text: string, fixes: readonly Fix[]): ApplyResult {
  const starts = new Map<Fix, number>();
  for (const fix of fixes) starts.set(fix, fixStart(fix));
  const ordered = [...fixes].sort((a, b) => starts.get(a)! - starts.get(b)! || (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : a.id - b.id));
  // The accepted edits, sorted: no two overlap (a fix's own may touch), so their ends are sorted too.
  const accepted: TextEdit[] = [];
  const applied: Fix[] = [];
  const deferred: Fix[] = [];
  for (const fix of ordered) {
    if (fix.edits.length === 0) continue;
    assertFixWellFormed(fix, text.length);
    if (fix.edits.some((e) => touchesAccepted(accepted, e.range))) {
      deferred.push(fix);
      continue;
    }
    for (const e of fix.edits) accepted.splice(insertionPoint(accepted, e), 0, e);
    applied.push(fix);
  }
  return { text: spliceEdits(text, accepted), applied, deferred, edits: accepted };
}

/** Does `range` overlap or touch an accepted edit (rangesOverlapOrTouch), found by binary search? */
function touchesAccepted(accepted: readonly TextEdit[], range: Range): boolean {
  // The first accepted edit that does not end before `range` starts.
  let lo = 0;
  let hi = accepted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (accepted[mid]!.range.end < range.start) lo = mid + 1;
    else hi = mid;
  }
  const first = accepted[lo];
  return first !== undefined && rangesOverlapOrTouch(first.range, range);
}

/** Where `e` goes in the sorted accepted edits (after equal ones, as a stable sort would put it). */
function insertionPoint(accepted: readonly TextEdit[], e: TextEdit): number {
  let lo = accepted.length;
  // Fixes apply in the order of their first edit: most edits go at the end.
  if (lo === 0 || compareEdits(accepted[lo - 1]!, e) <= 0) return lo;
  lo = 0;
  let hi = accepted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (compareEdits(accepted[mid]!, e) <= 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
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
