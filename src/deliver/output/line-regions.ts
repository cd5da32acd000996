/**
 * Unified-diff hunks whose cost follows what changed, not the file's size.
 *
 * jsdiff's Myers diff over a whole file costs O(N·D): on a generated file of
 * 8,000 rewritten functions that is minutes. Here the two texts are first cut
 * into aligned stretches with lines that occur exactly once in each text as
 * anchors (as patience diff does); stretches that are equal on both sides are
 * unchanged, the others are changed regions (from where the sides part to the
 * next anchor). jsdiff's line diff runs on each region pair alone; the runs are
 * joined with the unchanged stretches into the whole file's line diff, and the
 * hunks are built from it the way jsdiff's `structuredPatch` builds them. When
 * the joined diff is a shortest one (checked by counting), it is the one jsdiff
 * gives for the whole texts (checked on the corpus, the kernel trees and
 * generated inputs by test/unit/line-regions.test.ts); otherwise the caller
 * diffs the whole texts.
 */
import { diffLines, type StructuredPatchHunk } from 'diff';

/** Half-open line ranges of a changed stretch: old lines [oldStart, oldEnd), new lines [newStart, newEnd). */
export interface LineRegion {
  oldStart: number;
  oldEnd: number;
  newStart: number;
  newEnd: number;
}

/** Line start offsets as jsdiff's line tokens see them (split after each `\n`), plus the text's length at the end. */
export function lineStarts(text: string): number[] {
  const starts = [0];
  let i = text.indexOf('\n');
  while (i !== -1) {
    starts.push(i + 1);
    i = text.indexOf('\n', i + 1);
  }
  if (starts[starts.length - 1] !== text.length) starts.push(text.length);
  return starts;
}

function linesOf(text: string, starts: readonly number[]): string[] {
  const lines = new Array<string>(starts.length - 1);
  for (let i = 0; i + 1 < starts.length; i++) lines[i] = text.slice(starts[i], starts[i + 1]);
  return lines;
}

/** Pairs (old line, new line) of lines unique in both texts, longest increasing subsequence by new line. */
function anchors(oldLines: readonly string[], newLines: readonly string[]): Array<[number, number]> {
  const seen = new Map<string, { oldCount: number; oldAt: number; newCount: number; newAt: number }>();
  oldLines.forEach((line, i) => {
    const s = seen.get(line);
    if (s) s.oldCount++;
    else seen.set(line, { oldCount: 1, oldAt: i, newCount: 0, newAt: -1 });
  });
  newLines.forEach((line, i) => {
    const s = seen.get(line);
    if (!s) return;
    s.newCount++;
    s.newAt = i;
  });
  const pairs: Array<[number, number]> = [];
  for (const s of seen.values()) if (s.oldCount === 1 && s.newCount === 1) pairs.push([s.oldAt, s.newAt]);
  pairs.sort((a, b) => a[0] - b[0]);
  // Patience LIS on the new-line index.
  const tails: number[] = [];
  const prev = new Array<number>(pairs.length).fill(-1);
  for (let i = 0; i < pairs.length; i++) {
    const v = pairs[i]![1];
    let lo = 0;
    let hi = tails.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (pairs[tails[mid]!]![1] < v) lo = mid + 1;
      else hi = mid;
    }
    if (lo > 0) prev[i] = tails[lo - 1]!;
    tails[lo] = i;
  }
  const out: Array<[number, number]> = [];
  for (let i = tails.length ? tails[tails.length - 1]! : -1; i !== -1; i = prev[i]!) out.push(pairs[i]!);
  return out.reverse();
}

/**
 * Changed regions between two line lists, in order. Each runs from the first
 * line where the texts part after an anchor up to the next anchor: it is not
 * trimmed at its end, because jsdiff matches lines as early as it can and a
 * change next to repeated lines (blank lines, braces) belongs where jsdiff
 * puts it, which the region's own diff finds.
 */
export function changedRegions(oldLines: readonly string[], newLines: readonly string[]): LineRegion[] {
  const regions: LineRegion[] = [];
  let o = 0;
  let n = 0;
  const cuts = [...anchors(oldLines, newLines), [oldLines.length, newLines.length] as [number, number]];
  for (const [ao, an] of cuts) {
    while (o < ao && n < an && oldLines[o] === newLines[n]) {
      o++;
      n++;
    }
    if (o < ao || n < an) regions.push({ oldStart: o, oldEnd: ao, newStart: n, newEnd: an });
    o = ao + 1;
    n = an + 1;
  }
  return regions;
}

/**
 * The fewest lines any line diff of the two texts removes plus adds: for each
 * distinct line, the difference of its counts on the two sides.
 */
function editLowerBound(oldLines: readonly string[], newLines: readonly string[]): number {
  const count = new Map<string, number>();
  for (const l of oldLines) count.set(l, (count.get(l) ?? 0) + 1);
  for (const l of newLines) count.set(l, (count.get(l) ?? 0) - 1);
  let total = 0;
  for (const c of count.values()) total += Math.abs(c);
  return total;
}

/** A run of the line diff: lines kept, removed or added (each line with its newline, if it has one). */
interface Run {
  readonly kind: ' ' | '-' | '+';
  lines: string[];
}

function pushRun(runs: Run[], kind: Run['kind'], lines: string[]): void {
  if (lines.length === 0) return;
  const last = runs[runs.length - 1];
  if (last && last.kind === kind) last.lines.push(...lines);
  else runs.push({ kind, lines });
}

/**
 * The hunks jsdiff's `structuredPatch(…, { context })` gives for the whole
 * texts, computed region by region (see the file comment); undefined when the
 * regions' diffs together are not a shortest diff (a line moved past an
 * anchor, say), where the whole-file diff may align differently: the caller
 * then diffs the whole texts.
 */
export function regionHunks(original: string, output: string, context: number): StructuredPatchHunk[] | undefined {
  const oldLines = linesOf(original, lineStarts(original));
  const newLines = linesOf(output, lineStarts(output));
  const runs: Run[] = [];
  let edits = 0;
  let o = 0;
  for (const r of changedRegions(oldLines, newLines)) {
    pushRun(runs, ' ', oldLines.slice(o, r.oldStart));
    const parts = diffLines(oldLines.slice(r.oldStart, r.oldEnd).join(''), newLines.slice(r.newStart, r.newEnd).join(''));
    for (const part of parts) {
      const lines = splitLines(part.value);
      const kind = part.added ? '+' : part.removed ? '-' : ' ';
      if (kind !== ' ') edits += lines.length;
      pushRun(runs, kind, lines);
    }
    o = r.oldEnd;
  }
  pushRun(runs, ' ', oldLines.slice(o));
  if (edits !== editLowerBound(oldLines, newLines)) return undefined;
  return hunksOf(runs, context);
}

/** jsdiff's own split of a diff part's value into lines (as `structuredPatch` does). */
function splitLines(text: string): string[] {
  const result = text.split('\n').map((line) => line + '\n');
  if (text.endsWith('\n')) result.pop();
  else result.push(result.pop()!.slice(0, -1));
  return result;
}

/**
 * Hunks from the runs of a line diff, exactly as jsdiff's `structuredPatch`
 * builds them (diff 8.0, patch/create.js): a kept run of at most
 * `2 * context` lines between changes joins two hunks; a line without a final
 * newline is followed by the "No newline" marker.
 */
function hunksOf(runs: readonly Run[], context: number): StructuredPatchHunk[] {
  const all = [...runs, { kind: ' ' as const, lines: [] }];
  const hunks: StructuredPatchHunk[] = [];
  let oldRangeStart = 0;
  let newRangeStart = 0;
  let curRange: string[] = [];
  let oldLine = 1;
  let newLine = 1;
  for (let i = 0; i < all.length; i++) {
    const current = all[i]!;
    const lines = current.lines;
    if (current.kind !== ' ') {
      if (!oldRangeStart) {
        const prev = all[i - 1];
        oldRangeStart = oldLine;
        newRangeStart = newLine;
        if (prev) {
          curRange = context > 0 ? prev.lines.slice(-context).map((l) => ' ' + l) : [];
          oldRangeStart -= curRange.length;
          newRangeStart -= curRange.length;
        }
      }
      for (const line of lines) curRange.push(current.kind + line);
      if (current.kind === '+') newLine += lines.length;
      else oldLine += lines.length;
    } else {
      if (oldRangeStart) {
        if (lines.length <= context * 2 && i < all.length - 2) {
          for (const line of lines) curRange.push(' ' + line);
        } else {
          const contextSize = Math.min(lines.length, context);
          for (const line of lines.slice(0, contextSize)) curRange.push(' ' + line);
          hunks.push({
            oldStart: oldRangeStart,
            oldLines: oldLine - oldRangeStart + contextSize,
            newStart: newRangeStart,
            newLines: newLine - newRangeStart + contextSize,
            lines: curRange,
          });
          oldRangeStart = 0;
          newRangeStart = 0;
          curRange = [];
        }
      }
      oldLine += lines.length;
      newLine += lines.length;
    }
  }
  for (const hunk of hunks) {
    for (let i = 0; i < hunk.lines.length; i++) {
      if (hunk.lines[i]!.endsWith('\n')) hunk.lines[i] = hunk.lines[i]!.slice(0, -1);
      else hunk.lines.splice(++i, 0, '\\ No newline at end of file');
    }
  }
  return hunks;
}
