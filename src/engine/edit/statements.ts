/**
 * Statement-level edits in kernel layout: insert a line before or after a
 * statement at its indentation, remove a statement's lines, replace a run of
 * statements, declare a local at the top of a block. Every range comes from
 * a syntax node (or the line around one); nothing searches the text.
 */
import type { SyntaxNode } from '../../core/syntax.js';
import type { TextEdit } from '../../core/types.js';
import { spliceEdits } from '../../core/splice-edits.js';
import { lineEndIndex, lineIndent, lineStartIndex } from './layout.js';

/** Only whitespace before the node on its line. */
export function startsLine(text: string, node: SyntaxNode): boolean {
  return /^[ \t]*$/.test(text.slice(lineStartIndex(text, node.startIndex), node.startIndex));
}

/** Only whitespace (or a trailing comment that is the node's next sibling) after the node on its line. */
export function endsLine(text: string, node: SyntaxNode): boolean {
  const rest = text.slice(node.endIndex, lineEndIndex(text, node.endIndex));
  if (/^[ \t]*$/.test(rest)) return true;
  const next = node.nextSibling;
  return next?.type === 'comment' && next.startIndex < lineEndIndex(text, node.endIndex) && lineEndIndex(text, next.endIndex) === lineEndIndex(text, node.endIndex) && /^[ \t]*$/.test(text.slice(next.endIndex, lineEndIndex(text, next.endIndex)));
}

/** A new line `line` just above `stmt`, at its indentation. */
export function insertLineBefore(text: string, stmt: SyntaxNode, line: string, newline: string): TextEdit {
  const at = lineStartIndex(text, stmt.startIndex);
  return { range: { start: at, end: at }, text: `${lineIndent(text, stmt.startIndex)}${line}${newline}` };
}

/** A new line `line` just below `stmt` (after any trailing comment on its last line), at its indentation. */
export function insertLineAfter(text: string, stmt: SyntaxNode, line: string, newline: string): TextEdit {
  const at = lineEndIndex(text, stmt.endIndex);
  return { range: { start: at, end: at }, text: `${newline}${lineIndent(text, stmt.startIndex)}${line}` };
}

/**
 * Remove a statement that sits alone on its lines, with its line break. If
 * that leaves a blank line right after the block's opening brace, it goes too.
 */
export function removeStatementLines(text: string, stmt: SyntaxNode): TextEdit | undefined {
  if (!startsLine(text, stmt) || !/^[ \t]*$/.test(text.slice(stmt.endIndex, lineEndIndex(text, stmt.endIndex)))) return undefined;
  const start = lineStartIndex(text, stmt.startIndex);
  let end = nextLineStart(text, stmt.endIndex);
  const prevLine = text.slice(lineStartIndex(text, Math.max(0, start - 1)), Math.max(0, start - 1)).replace(/\r$/, '');
  const following = text.slice(end, lineEndIndex(text, end));
  if (/\{[ \t]*$/.test(prevLine) && /^[ \t]*$/.test(following) && end < text.length) end = nextLineStart(text, end);
  return { range: { start, end }, text: '' };
}

function nextLineStart(text: string, index: number): number {
  const nl = text.indexOf('\n', index);
  return nl === -1 ? text.length : nl + 1;
}

/**
 * Where to declare a new local in `block` (a compound statement): after its
 * leading declarations, at their indentation; or as its first line, followed
 * by a blank line, when it has none.
 */
export function declareInBlock(text: string, block: SyntaxNode, declaration: string, newline: string): TextEdit | undefined {
  const items = block.namedChildren.filter((c) => c.type !== 'comment');
  let lastDecl: SyntaxNode | undefined;
  for (const c of items) {
    if (c.type !== 'declaration') break;
    lastDecl = c;
  }
  if (lastDecl) {
    if (!endsLine(text, lastDecl)) return undefined;
    return insertLineAfter(text, lastDecl, declaration, newline);
  }
  const first = items[0];
  if (!first || !startsLine(text, first)) return undefined;
  const at = lineStartIndex(text, first.startIndex);
  return { range: { start: at, end: at }, text: `${lineIndent(text, first.startIndex)}${declaration}${newline}${newline}` };
}

/** The text of `node` with `edits` (all inside it) applied. */
export function textWithEdits(text: string, node: SyntaxNode, edits: readonly TextEdit[]): string {
  const inside = edits.filter((e) => e.range.start >= node.startIndex && e.range.end <= node.endIndex);
  return spliceEdits(text, inside, node.startIndex, node.endIndex);
}
