/** Unified diffs with a/ and b/ prefixes, as `git apply` and `patch -p1` expect from the root. */
import { structuredPatch, type StructuredPatchHunk } from 'diff';
import type { TextEncoding } from '../../core/outcome.js';
import { regionHunks } from './line-regions.js';

export interface DiffInput {
  readonly path: string;
  readonly original: string;
  readonly output: string;
  readonly encoding: TextEncoding;
}

/**
 * jsdiff's unified diff of the file, computed around the changed regions
 * (`line-regions.ts`) so its cost follows the size of the change; the whole
 * texts are diffed only when the regions could align differently.
 */
export function unifiedDiff(file: DiffInput, context = 3): string {
  return formatHunks(file.path, regionHunks(file.original, file.output, context) ?? wholeFileHunks(file, context));
}

/** A file's hunks as a git-style unified diff (empty when there are none). */
export function formatHunks(path: string, hunks: readonly StructuredPatchHunk[]): string {
  if (hunks.length === 0) return '';
  const a = quotePath(`a/${path}`);
  const b = quotePath(`b/${path}`);
  let out = `diff --git ${a} ${b}\n--- ${a}\n+++ ${b}\n`;
  for (const h of hunks) {
    out += `@@ -${range(h.oldStart, h.oldLines)} +${range(h.newStart, h.newLines)} @@\n`;
    for (const line of h.lines) out += line + '\n';
  }
  return out;
}

/** jsdiff over the whole texts: the reference `unifiedDiff` must equal (and its fallback). */
export function wholeFileHunks(file: Pick<DiffInput, 'original' | 'output'>, context = 3): StructuredPatchHunk[] {
  return structuredPatch('a', 'b', file.original, file.output, '', '', { context }).hunks;
}

const ESCAPES: Record<number, string> = { 7: '\\a', 8: '\\b', 9: '\\t', 10: '\\n', 11: '\\v', 12: '\\f', 13: '\\r', 34: '\\"', 92: '\\\\' };

/**
 * Quote a path the way git does (core.quotePath, its default): a name with a
 * control character, `"`, `\\` or a byte past ASCII is written in double quotes
 * with C escapes and octal bytes, so `git apply` reads back the same name.
 */
export function quotePath(p: string): string {
  const bytes = Buffer.from(p, 'utf8');
  if (!bytes.some((c) => c < 0x20 || c === 0x22 || c === 0x5c || c >= 0x7f)) return p;
  let out = '"';
  for (const c of bytes) {
    if (ESCAPES[c] !== undefined) out += ESCAPES[c];
    else if (c < 0x20 || c >= 0x7f) out += `\\${c.toString(8).padStart(3, '0')}`;
    else out += String.fromCharCode(c);
  }
  return out + '"';
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
