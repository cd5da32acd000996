/**
 * Rewrite a call expression with the smallest edits that carry the change
 * (callee, replaced arguments, appended arguments), keeping the kernel's
 * layout: continuation lines stay aligned under the opening parenthesis, and
 * a call that would pass 100 columns is re-wrapped at argument boundaries.
 * Every range comes from a syntax node or the gap between two sibling nodes.
 */
import { InternalError } from '../../core/errors.js';
import type { SyntaxNode } from '../../core/syntax.js';
import type { TextEdit } from '../../core/types.js';
import { spliceEdits } from '../../core/splice-edits.js';
import { callArguments } from '../analyze/syntax.js';
import { MAX_COLUMNS, indentTo, lineEndIndex, lineStartIndex, visualWidth } from './layout.js';

export interface ArgumentReplacement {
  /** First and last original argument (0-based, inclusive) the text replaces. */
  readonly from: number;
  readonly to: number;
  readonly text: string;
}

export interface CallRewrite {
  readonly callee?: string;
  readonly replace?: readonly ArgumentReplacement[];
  readonly append?: readonly string[];
}

interface Piece {
  readonly text: string;
  /** Original node range when unchanged. */
  readonly original?: SyntaxNode;
}

export function rewriteCall(text: string, call: SyntaxNode, rewrite: CallRewrite, newline = '\n'): TextEdit[] {
  const calleeNode = call.childForFieldName('function');
  const argList = call.childForFieldName('arguments');
  if (!calleeNode || !argList) throw new InternalError(`rewriteCall: not a call: ${call.text.slice(0, 60)}`);
  const args = callArguments(call);
  const replace = [...(rewrite.replace ?? [])].sort((a, b) => a.from - b.from);
  for (let i = 0; i < replace.length; i++) {
    const r = replace[i]!;
    if (r.from > r.to || r.to >= args.length || (i > 0 && replace[i - 1]!.to >= r.from)) {
      throw new InternalError(`rewriteCall: bad argument replacement [${r.from}, ${r.to}] of ${args.length}`);
    }
  }
  const append = rewrite.append ?? [];
  if (append.length > 0 && args.length === 0) throw new InternalError('rewriteCall: appending to an empty argument list');

  const minimal: TextEdit[] = [];
  const newCallee = rewrite.callee ?? calleeNode.text;
  if (newCallee !== calleeNode.text) minimal.push({ range: { start: calleeNode.startIndex, end: calleeNode.endIndex }, text: newCallee });
  for (const r of replace) {
    minimal.push({ range: { start: args[r.from]!.startIndex, end: args[r.to]!.endIndex }, text: r.text });
  }
  if (append.length > 0) {
    const last = args[args.length - 1]!;
    minimal.push({ range: { start: last.endIndex, end: last.endIndex }, text: append.map((a) => `, ${a}`).join('') });
  }

  // Continuation lines aligned under the old parenthesis follow it when the callee's length changes.
  const parenSameLine = text.lastIndexOf('\n', argList.startIndex) < calleeNode.startIndex;
  const lineStart = lineStartIndex(text, call.startIndex);
  const oldParenCol = visualWidth(text.slice(lineStart, argList.startIndex + 1));
  const newParenCol = oldParenCol + newCallee.length - calleeNode.text.length;
  const realign: TextEdit[] = [];
  if (parenSameLine && newParenCol !== oldParenCol) {
    const children = argList.children;
    for (let i = 0; i + 1 < children.length - 1; i++) {
      const gapStart = children[i]!.endIndex;
      const gapEnd = children[i + 1]!.startIndex;
      if (insideReplacement(gapStart, gapEnd, args, replace)) continue;
      const gap = text.slice(gapStart, gapEnd);
      const nl = gap.lastIndexOf('\n');
      if (nl === -1) continue;
      const indent = gap.slice(nl + 1);
      if (!/^[ \t]*$/.test(indent) || visualWidth(indent) !== oldParenCol) continue;
      realign.push({ range: { start: gapStart + nl + 1, end: gapEnd }, text: indentTo(newParenCol) });
    }
  }
  const edits = [...minimal, ...realign];

  // Would the result pass 100 columns where the original did not?
  const regionStart = lineStart;
  const regionEnd = lineEndIndex(text, call.endIndex);
  const before = text.slice(regionStart, regionEnd);
  const after = spliceEdits(text, edits, regionStart, regionEnd);
  if (maxLineWidth(after) <= MAX_COLUMNS || maxLineWidth(after) <= maxLineWidth(before)) return edits;

  // Re-wrap at argument boundaries, when that loses nothing (no comments or
  // multi-line arguments whose inner alignment would shift).
  const pieces = newArgumentPieces(args, replace, append);
  const hasComment = argList.namedChildren.some((c) => c.type === 'comment');
  if (!parenSameLine || hasComment || pieces.some((p) => p.text.includes('\n'))) return edits;
  const trailing = text.slice(argList.endIndex - 1, lineEndIndex(text, argList.endIndex)); // ")" and the rest of its line
  const prefix = text.slice(lineStart, calleeNode.startIndex) + newCallee + text.slice(calleeNode.endIndex, argList.startIndex + 1);
  const inner = wrapArguments(prefix, pieces.map((p) => p.text), trailing, newline, pieces.map((p) => p.original === undefined));
  const out: TextEdit[] = [];
  if (newCallee !== calleeNode.text) out.push(minimal[0]!);
  out.push({ range: { start: argList.startIndex + 1, end: argList.endIndex - 1 }, text: inner });
  return out;
}

function insideReplacement(start: number, end: number, args: SyntaxNode[], replace: readonly ArgumentReplacement[]): boolean {
  return replace.some((r) => args[r.from]!.startIndex <= start && end <= args[r.to]!.endIndex);
}

function newArgumentPieces(args: SyntaxNode[], replace: readonly ArgumentReplacement[], append: readonly string[]): Piece[] {
  const out: Piece[] = [];
  for (let i = 0; i < args.length; i++) {
    const r = replace.find((x) => x.from === i);
    if (r) {
      out.push({ text: r.text });
      i = r.to;
      continue;
    }
    out.push({ text: args[i]!.text, original: args[i]! });
  }
  for (const a of append) out.push({ text: a });
  return out;
}

/**
 * A generated argument ("page_to_phys(p) + off") too wide for its line is
 * broken after its last top-level " + " that keeps the first part within
 * the limit, the rest aligned under the argument's start. Only text the rule
 * built is split this way; arguments kept from the source stay whole.
 */
function breakSum(arg: string, startCol: number, tail: number, newline: string): string {
  if (startCol + visualWidth(arg, startCol) + tail <= MAX_COLUMNS) return arg;
  let depth = 0;
  let best = -1;
  for (let i = 0; i < arg.length; i++) {
    const ch = arg[i];
    if (ch === '(' || ch === '[') depth++;
    else if (ch === ')' || ch === ']') depth--;
    else if (ch === '"' || ch === "'") return arg; // literals: leave the layout alone
    else if (depth === 0 && arg.startsWith(' + ', i) && startCol + visualWidth(arg.slice(0, i + 2), startCol) <= MAX_COLUMNS) best = i;
  }
  if (best === -1) return arg;
  return `${arg.slice(0, best + 2)}${newline}${indentTo(startCol)}${arg.slice(best + 3)}`;
}

/** Greedy kernel-style packing: as many arguments per line as fit, continuation aligned under "(". */
export function wrapArguments(prefix: string, args: readonly string[], trailing: string, newline: string, generated: readonly boolean[] = []): string {
  const firstLine = prefix.slice(prefix.lastIndexOf('\n') + 1);
  const alignCol = visualWidth(firstLine);
  const indent = indentTo(alignCol);
  let out = '';
  let col = alignCol;
  args.forEach((arg, i) => {
    const isLast = i === args.length - 1;
    const tail = isLast ? visualWidth(trailing, 0) : 1; // ")..." or ","
    const place = (text: string, at: number): { text: string; end: number } => {
      const laid = generated[i] ? breakSum(text, at, tail, newline) : text;
      const lastLine = laid.slice(laid.lastIndexOf('\n') + 1);
      return { text: laid, end: laid.includes('\n') ? alignCol + visualWidth(lastLine, alignCol) : at + visualWidth(laid, at) };
    };
    if (i === 0) {
      const p = place(arg, col);
      out += p.text;
      col = p.end;
      return;
    }
    const joined = ' ' + arg;
    if (col + 1 + visualWidth(joined, col + 1) + tail <= MAX_COLUMNS) {
      out += ',' + joined;
      col += 1 + visualWidth(joined, col + 1);
    } else {
      const p = place(arg, alignCol);
      out += ',' + newline + indent + p.text;
      col = p.end;
    }
  });
  return out;
}

function maxLineWidth(s: string): number {
  return Math.max(0, ...s.split('\n').map((l) => visualWidth(l.replace(/\r$/, ''))));
}
