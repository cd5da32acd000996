/** Unified diffs with a/ and b/ prefixes, as `git apply` and `patch -p1` expect from the root. */
import { structuredPatch } from 'diff';
import type { TextEncoding } from '../../core/outcome.js';

export interface DiffInput {
  readonly path: string;
  readonly original: string;
  readonly output: string;
  readonly encoding: TextEncoding;
}

export function unifiedDiff(file: DiffInput, context = 3): string {
  const patch = structuredPatch(`a/${file.path}`, `b/${file.path}`, file.original, file.output, '', '', { context });
  if (patch.hunks.length === 0) return '';
  let out = `diff --git a/${file.path} b/${file.path}\n--- a/${file.path}\n+++ b/${file.path}\n`;
  for (const h of patch.hunks) {
    out += `@@ -${range(h.oldStart, h.oldLines)} +${range(h.newStart, h.newLines)} @@\n`;
    for (const line of h.lines) out += line + '\n';
  }
  return out;
}

function range(start: number, lines: number): string {
  // jsdiff numbers an empty side by the line after it; diff(1) by the line before.
  if (lines === 0) return `${Math.max(0, start - 1)},0`;
  return lines === 1 ? `${start}` : `${start},${lines}`;
}

/** The diff as bytes in the file's own encoding, so Latin-1 files patch byte for byte. */
export function diffBytes(file: DiffInput, context = 3): Buffer {
  return Buffer.from(unifiedDiff(file, context), file.encoding === 'latin1' ? 'latin1' : 'utf8');
}
