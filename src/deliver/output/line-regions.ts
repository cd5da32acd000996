/**
 * Unified-diff hunks whose cost follows what changed, not the file's size.
 *
 * jsdiff's Myers diff over a whole file costs O(N·D): on a generated file of
 * 8,000 rewritten functions that is minutes. Here the two texts are first cut
 * into aligned stretches with lines that occur exactly once in each text as
 * anchors (as patience diff does); stretches that are equal on both sides are
 * unchanged, the others are changed regions (from where the sides part to the
 * next anchor). Regions closer than the hunk
 * context would join are merged, each is widened by the context, and jsdiff
 * diffs each region pair on its own; the hunks are then shifted to whole-file
 * line numbers. Regions are separated by more than `2 * context` unchanged
 * lines, so every hunk lies inside one region, and jsdiff's hunks for a region
 * are those it gives for the whole file (checked on the corpus, the kernel
 * trees and generated inputs by test/unit/line-regions.test.ts).
 */
import { structuredPatch, type StructuredPatchHunk } from 'diff';

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

/**
 * The hunks jsdiff's `structuredPatch(…, { context })` gives for the whole
 * texts, computed region by region (see the file comment); undefined when the
 * regions' diffs together are not a shortest diff (a line moved past an
 * anchor, say), where the whole-file diff may align differently: the caller
 * then diffs the whole texts.
 */
export function regionHunks(original: string, output: string, context: number): StructuredPatchHunk[] | undefined {
  const oldStarts = lineStarts(original);
  const newStarts = lineStarts(output);
  const oldLines = linesOf(original, oldStarts);
  const newLines = linesOf(output, newStarts);
  const found = changedRegions(oldLines, newLines);
  // Merge regions whose unchanged gap jsdiff would put in one hunk (≤ 2·context lines), with a line to spare.
  const merged: LineRegion[] = [];
  for (const r of found) {
    const last = merged[merged.length - 1];
    if (last && r.oldStart - last.oldEnd <= 2 * context + 1) {
      last.oldEnd = r.oldEnd;
      last.newEnd = r.newEnd;
    } else merged.push({ ...r });
  }
  const hunks: StructuredPatchHunk[] = [];
  let edits = 0;
  for (const r of merged) {
    const before = Math.min(context, r.oldStart, r.newStart);
    const after = Math.min(context, oldLines.length - r.oldEnd, newLines.length - r.newEnd);
    const os = r.oldStart - before;
    const ns = r.newStart - before;
    const oldText = original.slice(oldStarts[os], oldStarts[r.oldEnd + after]);
    const newText = output.slice(newStarts[ns], newStarts[r.newEnd + after]);
    for (const h of structuredPatch('a', 'b', oldText, newText, '', '', { context }).hunks) {
      hunks.push({ ...h, oldStart: h.oldStart + os, newStart: h.newStart + ns });
      for (const line of h.lines) if (line[0] === '+' || line[0] === '-') edits++;
    }
  }
  return edits === editLowerBound(oldLines, newLines) ? hunks : undefined;
}
