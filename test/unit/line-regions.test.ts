/**
 * The region-by-region diff (`deliver/output/line-regions.ts`) must give the
 * very hunks jsdiff gives over the whole texts: on every corpus case, on
 * generated line edits of generated C-like files (moves, repeats, blank runs,
 * missing final newline) and on a file of thousands of rewritten functions.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatHunks, unifiedDiff, wholeFileHunks } from '../../src/deliver/output/diff.js';
import { changedRegions, lineStarts, regionHunks } from '../../src/deliver/output/line-regions.js';
import { kmapFile } from '../bench/kmap-file.js';
import { loadCorpus } from '../harness/corpus.js';

function sameAsWholeFile(original: string, output: string, context = 3): void {
  const regional = regionHunks(original, output, context);
  const whole = wholeFileHunks({ original, output }, context);
  // The fallback must be rare: only where region diffs are not a shortest diff.
  if (regional !== undefined) expect(regional).toEqual(whole);
  // And what unifiedDiff prints is always jsdiff's whole-file hunks.
  expect(unifiedDiff({ path: 'f.c', original, output, encoding: 'utf8' }, context)).toBe(formatHunks('f.c', whole));
}

describe('lineStarts', () => {
  it('splits after each newline as jsdiff line tokens do, a last line without newline included', () => {
    expect(lineStarts('')).toEqual([0]);
    expect(lineStarts('a\n')).toEqual([0, 2]);
    expect(lineStarts('a\r\nb')).toEqual([0, 3, 4]);
    expect(lineStarts('\n\n')).toEqual([0, 1, 2]);
  });
});

describe('changedRegions', () => {
  it('finds each stretch from where the texts part to the next line unique in both', () => {
    const old = ['u1\n', 'x\n', 'a\n', 'y\n', 'u2\n', 'y\n', 'u3\n'];
    const neu = ['u1\n', 'x\n', 'b\n', 'c\n', 'y\n', 'u2\n', 'y\n', 'u3\n'];
    expect(changedRegions(old, neu)).toEqual([{ oldStart: 2, oldEnd: 4, newStart: 2, newEnd: 5 }]);
  });
});

describe('region diff equals the whole-file jsdiff diff', () => {
  it('on every corpus case (before → after)', () => {
    const cases = loadCorpus().filter((c) => c.after !== undefined);
    expect(cases.length).toBeGreaterThan(50);
    let regional = 0;
    for (const c of cases) {
      sameAsWholeFile(c.before, c.after!);
      sameAsWholeFile(c.after!, c.before);
      if (regionHunks(c.before, c.after!, 3) !== undefined) regional++;
    }
    // Rewrites do not move lines: the regions are used, not the fallback, for nearly every case.
    expect(regional).toBeGreaterThan(cases.length * 0.9);
  });

  it('on a generated file of 500 rewritten kmap functions', () => {
    const before = kmapFile(500);
    const after = before.replaceAll('kmap_atomic(page)', 'kmap_local_page(page)').replaceAll('kunmap_atomic(kaddr)', 'kunmap_local(kaddr)');
    const hunks = regionHunks(before, after, 3);
    expect(hunks).toBeDefined();
    expect(hunks).toEqual(wholeFileHunks({ original: before, output: after }, 3));
  });

  const line = fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom('', '}', '{', '\treturn 0;', '\tkunmap(page);', '#endif', '\tint i;') },
    { weight: 2, arbitrary: fc.integer({ min: 0, max: 40 }).map((i) => `static int f${i}(void)`) },
  );
  const edit = fc.record({
    at: fc.nat(),
    remove: fc.nat({ max: 4 }),
    insert: fc.array(line, { maxLength: 4 }),
  });
  it('on generated files and line edits (context 0 to 4, with and without a final newline)', () => {
    fc.assert(
      fc.property(
        fc.array(line, { maxLength: 80 }),
        fc.array(edit, { maxLength: 6 }),
        fc.boolean(),
        fc.boolean(),
        fc.integer({ min: 0, max: 4 }),
        (lines, edits, oldNl, newNl, context) => {
          const after = [...lines];
          for (const e of edits) after.splice(after.length ? e.at % (after.length + 1) : 0, e.remove, ...e.insert);
          const join = (ls: string[], nl: boolean) => ls.join('\n') + (nl && ls.length ? '\n' : '');
          sameAsWholeFile(join(lines, oldNl), join(after, newNl), context);
        },
      ),
      { numRuns: 3000 },
    );
  });
});
