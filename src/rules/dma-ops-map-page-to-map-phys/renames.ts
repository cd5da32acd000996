/**
 * Renaming provider functions everywhere in the file: identifiers (a node
 * each), and words inside comments (a sub-range of the comment node: comment
 * text has no syntax tree, so the word is located by reading the comment's
 * own text). Also the kernel-doc `@page:`/`@offset:` lines of the renamed
 * map function.
 */
import type { SyntaxNode } from '../../core/syntax.js';
import { lineStartIndex } from '../../engine/edit/layout.js';
import type { EditSet } from './edit-set.js';

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Rename whole-word occurrences of each old name inside every comment. */
export function renameInComments(root: SyntaxNode, renames: ReadonlyMap<string, string>, edits: EditSet): void {
  if (renames.size === 0) return;
  const re = new RegExp(`\\b(?:${[...renames.keys()].map(escape).join('|')})\\b`, 'g');
  for (const comment of root.descendantsOfType('comment')) {
    for (const m of comment.text.matchAll(re)) {
      const range = { start: comment.startIndex + m.index, end: comment.startIndex + m.index + m[0].length };
      if (!edits.covers(range)) edits.replace(range, renames.get(m[0])!);
    }
  }
}

/**
 * In the kernel-doc comment right above `fn`, replace the `@page:` line by
 * `@phys:` and drop the `@offset:` line (kernel-doc warns on parameters that
 * are described but absent).
 */
export function rewriteKernelDoc(text: string, fn: SyntaxNode, page: string, offset: string, phys: string, edits: EditSet, newline: string): boolean {
  const doc = fn.previousSibling;
  if (doc?.type !== 'comment' || !doc.text.startsWith('/**')) return false;
  const between = text.slice(doc.endIndex, fn.startIndex);
  if (!/^\s*$/.test(between) || (between.match(/\n/g) ?? []).length > 1) return false;
  const lineOf = (param: string) => new RegExp(`^[ \\t]*\\*[ \\t]*@${escape(param)}:[^\\n]*\\n`, 'm').exec(doc.text);
  const p = lineOf(page);
  const o = lineOf(offset);
  if (!p || !o) return false;
  const prefix = /^[ \t]*\*[ \t]*/.exec(p[0])![0];
  const pStart = doc.startIndex + p.index;
  const oStart = doc.startIndex + o.index;
  edits.replace({ start: pStart, end: pStart + p[0].length }, `${prefix}@${phys}: physical address of the buffer${newline}`);
  edits.replace({ start: oStart, end: oStart + o[0].length }, '');
  return lineStartIndex(text, pStart) === pStart;
}
