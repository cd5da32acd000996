import { describe, expect, it } from 'vitest';
import { applyFixes, assertFixWellFormed, mapBack, mapForward } from '../../src/engine/apply/index.js';
import { InternalError } from '../../src/core/errors.js';
import type { Fix, TextEdit } from '../../src/core/types.js';

const fix = (id: number, ...edits: [number, number, string][]): Fix => ({
  id,
  ruleId: 'r',
  notes: [],
  edits: edits.map(([start, end, text]) => ({ range: { start, end }, text })),
});

describe('applyFixes', () => {
  const text = 'abcdefghij';

  it('decides like a pairwise check of every accepted edit, for many random fixes', () => {
    // The conflict check searches the sorted accepted edits; this compares it with checking them all.
    let seed = 7;
    const next = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    const long = 'x'.repeat(400);
    for (let round = 0; round < 50; round++) {
      const fixes: Fix[] = [];
      for (let id = 1; id <= 40; id++) {
        // One to three edits, in order, apart or touching (never an insertion touching another edit).
        const edits: [number, number, string][] = [];
        let at = next(390);
        let previous: { end: number; insertion: boolean } | undefined;
        for (let k = 0, n = 1 + next(3); k < n; k++) {
          const length = next(4);
          if (previous && at === previous.end && (length === 0 || previous.insertion)) at++;
          if (at >= 400) break;
          const end = Math.min(400, at + length);
          edits.push([at, end, `${id}`]);
          previous = { end, insertion: end === at };
          // The next edit touches this one, or comes a little later.
          at = end + (next(2) === 0 ? 0 : 1 + next(3));
        }
        fixes.push(fix(id, ...edits));
      }
      const r = applyFixes(long, fixes);
      const accepted: TextEdit[] = [];
      const applied: number[] = [];
      const start = (f: Fix) => Math.min(...f.edits.map((e) => e.range.start));
      for (const f of [...fixes].sort((a, b) => start(a) - start(b) || a.id - b.id)) {
        if (f.edits.some((e) => accepted.some((a) => a.range.start <= e.range.end && e.range.start <= a.range.end))) continue;
        accepted.push(...f.edits);
        applied.push(f.id);
      }
      expect(r.applied.map((f) => f.id)).toEqual(applied);
      expect(r.edits).toEqual([...accepted].sort((a, b) => a.range.start - b.range.start || a.range.end - b.range.end));
      expect(r.deferred.length).toBe(fixes.length - applied.length);
    }
  });

  it('applies non-overlapping fixes from different places in one pass', () => {
    const r = applyFixes(text, [fix(1, [0, 1, 'A']), fix(2, [5, 6, 'F'])]);
    expect(r.text).toBe('AbcdeFghij');
    expect(r.applied.map((f) => f.id)).toEqual([1, 2]);
    expect(r.deferred).toEqual([]);
  });

  it('defers a fix overlapping an accepted one', () => {
    const r = applyFixes(text, [fix(1, [2, 5, 'X']), fix(2, [4, 6, 'Y'])]);
    expect(r.text).toBe('abXfghij');
    expect(r.deferred.map((f) => f.id)).toEqual([2]);
  });

  it('defers a fix that only touches an accepted one (adjacent ranges are ambiguous)', () => {
    const r = applyFixes(text, [fix(1, [2, 4, 'X']), fix(2, [4, 6, 'Y'])]);
    expect(r.text).toBe('abXefghij');
    expect(r.deferred.map((f) => f.id)).toEqual([2]);
  });

  it('is atomic: a fix with one conflicting edit applies none of its edits', () => {
    const r = applyFixes(text, [fix(1, [3, 4, 'D']), fix(2, [0, 1, 'A'], [3, 4, 'Z'], [8, 9, 'I'])]);
    // fix 2 starts first, so it wins; fix 1 conflicts with its second edit
    expect(r.text).toBe('AbcZefghIj');
    expect(r.deferred.map((f) => f.id)).toEqual([1]);
  });

  it('keeps a multi-edit fix whose edits are far apart without blocking fixes between them', () => {
    const r = applyFixes(text, [fix(1, [0, 1, 'A'], [9, 10, 'J']), fix(2, [4, 5, 'E'])]);
    expect(r.text).toBe('AbcdEfghiJ');
    expect(r.deferred).toEqual([]);
  });

  it('handles insertions', () => {
    const r = applyFixes(text, [fix(1, [10, 10, '!']), fix(2, [0, 0, '>'])]);
    expect(r.text).toBe('>abcdefghij!');
  });

  it('rejects a fix whose own edits overlap (a rule bug)', () => {
    expect(() => assertFixWellFormed(fix(1, [0, 3, 'x'], [2, 4, 'y']), 10)).toThrow(InternalError);
    expect(() => assertFixWellFormed(fix(1, [2, 2, 'x'], [2, 4, 'y']), 10)).toThrow(InternalError);
    expect(() => assertFixWellFormed(fix(1, [8, 12, 'x']), 10)).toThrow(InternalError);
    expect(() => assertFixWellFormed(fix(1, [0, 2, 'x'], [2, 4, 'y']), 10)).not.toThrow();
  });
});

describe('position mapping', () => {
  const edits: TextEdit[] = [
    { range: { start: 2, end: 4 }, text: 'XYZW' }, // +2
    { range: { start: 7, end: 8 }, text: '' }, // -1
  ];
  it('maps output indices back to input indices', () => {
    expect(mapBack(0, edits)).toBe(0);
    expect(mapBack(3, edits)).toBe(2); // inside the first edit
    expect(mapBack(6, edits)).toBe(4);
    expect(mapBack(10, edits)).toBe(9);
  });
  it('maps untouched ranges forward and refuses touched ones', () => {
    expect(mapForward({ start: 5, end: 6 }, edits)).toEqual({ start: 7, end: 8 });
    expect(mapForward({ start: 3, end: 5 }, edits)).toBeUndefined();
  });
});
