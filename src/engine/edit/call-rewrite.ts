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
import { MAX_COLUMNS, TAB_WIDTH, fileLayout, indentTo, lastUnclosedParen, lineEndIndex, lineStartIndex, visualWidth } from './layout.js';

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
  const edits = callEdits(text, call, rewrite, newline);
  return [...edits, ...trailingBlankRemovals(text, call, edits)];
}

/**
 * No line the rewrite changes keeps trailing whitespace (checkpatch's
 * TRAILING_WHITESPACE error): blanks between the call's tokens, or after the
 * call, at the end of a line an edit touches are removed. Blanks inside a
 * replaced range are the replacement's business.
 */
function trailingBlankRemovals(text: string, call: SyntaxNode, edits: readonly TextEdit[]): TextEdit[] {
  const out: TextEdit[] = [];
  const seen = new Set<number>();
  for (const e of edits) {
    for (const at of [e.range.start, e.range.end]) {
      const end = lineEndIndex(text, at);
      if (seen.has(end)) continue;
      seen.add(end);
      let start = end;
      while (start > 0 && (text[start - 1] === ' ' || text[start - 1] === '\t')) start--;
      if (start === end || start <= lineStartIndex(text, at) || start < call.startIndex) continue;
      if (edits.some((x) => x.range.start < end && x.range.end > start) || edits.some((x) => x.range.start === end && x.range.end === end)) continue;
      out.push({ range: { start, end }, text: '' });
    }
  }
  return out;
}

function callEdits(text: string, call: SyntaxNode, rewrite: CallRewrite, newline: string): TextEdit[] {
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
  const dropped = staleArgumentComments(text, argList, args, replace);
  for (const c of dropped) minimal.push({ range: { start: c.from, end: c.node.endIndex }, text: '' });
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

  // Does the result keep to the file's column limit, without leaving a
  // last argument alone on a line it would share with the one before?
  const { limit, continuation, tabDepth } = fileLayout(text);
  const regionStart = lineStart;
  const regionEnd = lineEndIndex(text, call.endIndex);
  const before = text.slice(regionStart, regionEnd);
  const after = spliceEdits(text, edits, regionStart, regionEnd);
  // Lines the edits leave as they were keep their width, even past the limit.
  const oldWidths = lineWidths(before);
  const wide = maxLineWidth(after, oldWidths) > limit;
  // Only a last line the edits change is re-laid for being lone.
  const lastLineStart = lineStartIndex(text, call.endIndex);
  const lone = edits.some((e) => e.range.end > lastLineStart || e.range.start >= lastLineStart) && endsWithLoneArgument(after, limit);
  // A replacement merging arguments that sat on different lines takes their
  // line break with it: the break is kept after the merged argument below.
  const mergesBreak = replace.some((r) => args.slice(r.from, r.to).some((a, k) => text.slice(a.endIndex, args[r.from + k + 1]!.startIndex).includes('\n')));
  if (!wide && !lone && !mergesBreak) return edits;

  // Re-wrap at argument boundaries, when that loses nothing (no comments or
  // multi-line arguments whose inner alignment would shift).
  const pieces = newArgumentPieces(args, replace, append);
  const hasComment = argList.namedChildren.some((c) => c.type === 'comment' && !dropped.some((d) => d.node.startIndex === c.startIndex));
  if (!parenSameLine || hasComment || pieces.some((p) => p.text.includes('\n'))) return edits;
  const trailing = text.slice(argList.endIndex - 1, lineEndIndex(text, argList.endIndex)); // ")" and the rest of its line
  const prefix = text.slice(lineStart, calleeNode.startIndex) + newCallee + text.slice(calleeNode.endIndex, argList.startIndex + 1);
  const indentCol = continuationColumn(text, argList, oldParenCol, newParenCol, lineStart, continuation);
  const stmtCol = visualWidth(/^[ \t]*/.exec(before)![0]);
  const tabCol = stmtCol + TAB_WIDTH * tabDepth;
  const withInner = (inner: string): TextEdit[] => {
    const out: TextEdit[] = [];
    if (newCallee !== calleeNode.text) out.push(minimal[0]!);
    out.push({ range: { start: argList.startIndex + 1, end: argList.endIndex - 1 }, text: inner });
    return out;
  };
  // The call's own line breaks, re-flowing only lines that no longer fit
  // (or that the edit shortened), when that takes no more lines than the
  // call had or a fresh wrap takes; else a fresh greedy wrap. Continuation
  // lines under the open parenthesis first; when they cannot fit, the
  // file's other habit, one tab (or two, as the file does) past the
  // statement's indentation, as the kernel does in deeply indented code: a
  // line past the limit is worse than a continuation not under its "(".
  const breaks = keptBreaks(text, argList, args, replace, append.length);
  const oldLines = before.split('\n').length;
  const lineCount = (inner: string) => inner.split('\n').length;
  let greedy: { out: TextEdit[]; laid: string } | undefined;
  // A call that fitted as edited keeps its own continuation column.
  for (const col of indentCol > tabCol && (wide || lone) ? [indentCol, tabCol] : [indentCol]) {
    const greedyInner = wrapArguments(prefix, pieces.map((p) => p.text), trailing, newline, pieces.map((p) => p.original === undefined), { limit, indentCol: col });
    const kept = breaks ? layKeptBreaks(prefix, pieces.map((p) => p.text), breaks, trailing, newline, limit, col, oldWidths) : undefined;
    if (kept !== undefined && lineCount(kept) <= (wide || lone ? lineCount(greedyInner) : oldLines)) {
      const out = withInner(kept);
      if (!endsWithLoneArgument(spliceEdits(text, out, regionStart, regionEnd), limit)) return out;
    }
    if (!wide && !lone) continue;
    const out = withInner(greedyInner);
    const laid = spliceEdits(text, out, regionStart, regionEnd);
    if (!greedy || maxLineWidth(laid) < maxLineWidth(greedy.laid)) greedy = { out, laid };
    if (maxLineWidth(laid) <= limit) break;
  }
  if (!greedy) return edits;
  const out = greedy.out;
  const wrapped = greedy.laid;
  // A wrap that cannot get under the limit (one argument too wide) is kept
  // only when it is narrower than the minimal edit.
  if (maxLineWidth(wrapped) > limit && maxLineWidth(wrapped) >= maxLineWidth(after) && !lone) return edits;
  return out;
}

/**
 * Which new arguments start a line, as the call had them: an unchanged
 * argument keeps the break before it; a replacement takes the break before
 * its first argument, and a break between the arguments it merges passes to
 * the argument after it (ntb_transport: `virt_to_page(offset),` / `pay_off,
 * len, ...` becomes `virt_to_phys(offset),` / `len, ...`). Appended arguments
 * follow on the last line. Undefined when the call's continuation lines do
 * not share one indentation or the first argument is not on the "(" line
 * (the greedy wrap, or the minimal edit, decides then).
 */
function keptBreaks(text: string, argList: SyntaxNode, args: SyntaxNode[], replace: readonly ArgumentReplacement[], appended: number): KeptBreaks | undefined {
  if (args.length === 0 || text.slice(argList.startIndex + 1, args[0]!.startIndex).includes('\n')) return undefined;
  const gapBreaks = (i: number): boolean => text.slice(args[i - 1]!.endIndex, args[i]!.startIndex).includes('\n');
  const indents = new Set<string>();
  for (let i = 1; i < args.length; i++) {
    const gap = text.slice(args[i - 1]!.endIndex, args[i]!.startIndex);
    if (gap.includes('\n')) indents.add(gap.slice(gap.lastIndexOf('\n') + 1));
  }
  if (indents.size > 1) return undefined;
  const out: boolean[] = [];
  const shortened = new Set<number>();
  let carried = false;
  let lostArgs = false;
  for (let i = 0; i < args.length; i++) {
    const r = replace.find((x) => x.from === i);
    if (carried && lostArgs) shortened.add(out.length);
    out.push(i > 0 && (gapBreaks(i) || carried));
    carried = false;
    if (r) {
      for (let k = r.from + 1; k <= r.to; k++) carried ||= gapBreaks(k);
      // The merged arguments' last line goes on with the argument after them: that line got shorter.
      lostArgs = carried && r.to + 1 < args.length && !gapBreaks(r.to + 1);
      i = r.to;
    }
  }
  for (let k = 0; k < appended; k++) out.push(false);
  return { breaks: out, shortened };
}

interface KeptBreaks {
  /** Per new argument: does it start a line? */
  readonly breaks: readonly boolean[];
  /** New arguments starting a line the edit shortened (it lost merged arguments): the lines after may join it. */
  readonly shortened: ReadonlySet<number>;
}

/**
 * The arguments laid on the lines `breaks` gives; a line past the limit
 * passes its last arguments down to the next line (a new one after the
 * last), the rest stays as it was, but for a line the edit shortened,
 * which takes up the lines after it that fit. A lone short last argument takes the
 * previous line's last with it. Undefined when a line still does not fit.
 */
function layKeptBreaks(prefix: string, args: readonly string[], kept: KeptBreaks, trailing: string, newline: string, limit: number, indentCol: number, oldWidths: ReadonlyMap<string, number>): string | undefined {
  const lines: number[][] = [];
  args.forEach((_, i) => (i === 0 || kept.breaks[i] ? lines.push([i]) : lines[lines.length - 1]!.push(i)));
  const openCol = visualWidth(prefix.slice(prefix.lastIndexOf('\n') + 1));
  const width = (li: number): number => {
    const start = li === 0 ? openCol : indentCol;
    const body = lines[li]!.map((i) => args[i]!).join(', ');
    const w = start + visualWidth(body, start) + (li === lines.length - 1 ? visualWidth(trailing) : 1);
    // A line as it was (same text, no wider) is not the edit's to fix.
    const line = (li === 0 ? prefix.slice(prefix.lastIndexOf('\n') + 1) : indentTo(indentCol)) + body + (li === lines.length - 1 ? trailing : ',');
    return oldWidths.has(line) && w <= oldWidths.get(line)! ? Math.min(w, limit) : w;
  };
  // A line the edit shortened takes up the whole lines after it that now fit on it.
  for (let li = 0; li < lines.length; li++) {
    if (!kept.shortened.has(lines[li]![0]!)) continue;
    while (li + 1 < lines.length) {
      const joined = [...lines[li]!, ...lines[li + 1]!];
      const saved = lines.splice(li, 2, joined);
      if (width(li) <= limit) continue;
      lines.splice(li, 1, ...saved);
      break;
    }
  }
  for (let li = 0; li < lines.length; li++) {
    let moved = false;
    while (width(li) > limit && lines[li]!.length > 1) {
      if (li + 1 === lines.length) lines.push([]);
      lines[li + 1]!.unshift(lines[li]!.pop()!);
      moved = true;
    }
    // What was pushed down onto an existing line may now make it too wide: the loop goes on there.
    if (!moved && width(li) > limit) return undefined;
  }
  const last = lines[lines.length - 1]!;
  const prev = lines[lines.length - 2];
  if (last.length === 1 && prev && prev.length >= 2 && args[last[0]!]!.length < args[prev[prev.length - 1]!]!.length) {
    last.unshift(prev.pop()!);
    if (width(lines.length - 1) > limit) prev.push(last.shift()!);
  }
  if (lines.some((_, li) => width(li) > limit)) return undefined;
  return lines.map((l) => l.map((i) => args[i]!).join(', ')).join(`,${newline}${indentTo(indentCol)}`);
}

/**
 * Where continuation lines of the re-wrapped call start: under the new open
 * parenthesis when the call (or, for a one-line call, the file) aligns that
 * way; else at the column the call's own continuation lines use, or one tab
 * past the statement's indentation.
 */
function continuationColumn(text: string, argList: SyntaxNode, oldParenCol: number, newParenCol: number, lineStart: number, style: 'align' | 'tab'): number {
  const inside = text.slice(argList.startIndex, argList.endIndex);
  const nl = inside.indexOf('\n');
  if (nl !== -1) {
    const rest = inside.slice(nl + 1);
    const col = visualWidth(/^[ \t]*/.exec(rest)![0]);
    if (col === oldParenCol) return newParenCol;
    if (col > 0) return col;
  }
  if (style === 'align') return newParenCol;
  const stmtIndent = visualWidth(/^[ \t]*/.exec(text.slice(lineStart))![0]);
  return stmtIndent + TAB_WIDTH;
}

/**
 * The last line of `region` holds one argument alone ("0);") that would fit
 * on the line before, or there together with that line's last argument, when
 * the line before holds two or more.
 */
export function endsWithLoneArgument(region: string, limit: number): boolean {
  const lines = region.split('\n').map((l) => l.replace(/\r$/, ''));
  if (lines.length < 2) return false;
  const last = lines[lines.length - 1]!;
  const prev = lines[lines.length - 2]!;
  if (!/,[ \t]*$/.test(prev)) return false;
  const trimmed = last.trim();
  const closeAt = closingIndex(trimmed);
  if (closeAt === -1) return false;
  // "unsigned long attrs)": a parameter declaration, not an argument.
  if (/^[A-Za-z_]\w*(?:\s+\**\s*[A-Za-z_]\w*)+$/.test(trimmed.slice(0, closeAt).trim())) return false;
  const open = lastUnclosedParen(prev);
  const prevArgs = topLevelPieces(open === -1 ? prev : prev.slice(open + 1));
  if (prevArgs.length < 2) return false;
  const lastPrev = prevArgs[prevArgs.length - 1]!.trim();
  const indent = visualWidth(/^[ \t]*/.exec(last)![0]);
  if (visualWidth(prev.replace(/[ \t]+$/, '')) + 1 + visualWidth(trimmed) <= limit) return true;
  // A short last argument ("0);") goes down with the previous line's last.
  const lone = trimmed.slice(0, closeAt).trim();
  return lone.length < lastPrev.length && indent + visualWidth(`${lastPrev} ${trimmed}`) <= limit;
}

/** Index of the ")" in `s` that closes a parenthesis opened before `s`, when no top-level comma precedes it; else -1. */
function closingIndex(s: string): number {
  let depth = 0;
  for (let i = 0; i < s.length; i++) {
    const ch = s[i];
    if (ch === '"' || ch === "'") {
      const close = s.indexOf(ch, i + 1);
      if (close === -1) return -1;
      i = close;
    } else if (ch === '(' || ch === '[') depth++;
    else if (ch === ')' || ch === ']') {
      if (--depth < 0) return i;
    } else if (ch === ',' && depth === 0) return -1;
  }
  return -1;
}


/** The comma-separated pieces of a line at its own top level ("a, f(b, c)," gives "a", " f(b, c)", ""). */
function topLevelPieces(line: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (ch === '"' || ch === "'") {
      const close = line.indexOf(ch, i + 1);
      if (close === -1) break;
      i = close;
    } else if (ch === '(' || ch === '[') depth++;
    else if (ch === ')' || ch === ']') depth = Math.max(0, depth - 1);
    else if (ch === ',' && depth === 0) {
      out.push(line.slice(start, i));
      start = i + 1;
    }
  }
  // A line ending in "," leaves an empty remainder: not a piece.
  if (line.slice(start).trim() !== '') out.push(line.slice(start));
  return out;
}

/**
 * A comment trailing the last of several arguments a replacement merges
 * (`0,\t /* map_offs *\/` when page and offset become one phys address)
 * names an argument that no longer exists: it goes with it, as upstream's
 * own conversions drop them. Returns each comment with where its removal
 * starts (after the comma, so the blanks before it go too).
 */
function staleArgumentComments(text: string, argList: SyntaxNode, args: SyntaxNode[], replace: readonly ArgumentReplacement[]): { node: SyntaxNode; from: number }[] {
  const out: { node: SyntaxNode; from: number }[] = [];
  const children = argList.children;
  for (const r of replace) {
    if (r.to === r.from) continue;
    const last = args[r.to]!;
    const i = children.findIndex((c) => c.startIndex === last.startIndex && c.endIndex === last.endIndex);
    if (i === -1) continue;
    let j = i + 1;
    const comma = children[j]?.type === ',' ? children[j] : undefined;
    if (comma) j++;
    const c = children[j];
    if (!c || c.type !== 'comment' || text.slice(last.endIndex, c.startIndex).includes('\n')) continue;
    // Only a comment that ends its line: one followed by more code on the line stays.
    if (text.slice(c.endIndex, lineEndIndex(text, c.endIndex)).trim() !== '') continue;
    out.push({ node: c, from: comma ? comma.endIndex : last.endIndex });
  }
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
function breakSum(arg: string, startCol: number, tail: number, newline: string, limit: number): string {
  if (startCol + visualWidth(arg, startCol) + tail <= limit) return arg;
  let depth = 0;
  let best = -1;
  for (let i = 0; i < arg.length; i++) {
    const ch = arg[i];
    if (ch === '(' || ch === '[') depth++;
    else if (ch === ')' || ch === ']') depth--;
    else if (ch === '"' || ch === "'") return arg; // literals: leave the layout alone
    else if (depth === 0 && arg.startsWith(' + ', i) && startCol + visualWidth(arg.slice(0, i + 2), startCol) <= limit) best = i;
  }
  if (best === -1) return arg;
  return `${arg.slice(0, best + 2)}${newline}${indentTo(startCol)}${arg.slice(best + 3)}`;
}

export interface WrapOptions {
  /** Column limit (default 100). */
  readonly limit?: number;
  /** Column continuation lines start at (default: under the open parenthesis). */
  readonly indentCol?: number;
}

/**
 * Greedy kernel-style packing: as many arguments per line as fit, continuation
 * aligned under "(" (or at `indentCol`). A short last argument that would
 * stand alone on its line takes the previous line's last argument with it,
 * so no line holds a lone "0);" under a line of several arguments.
 */
export function wrapArguments(prefix: string, args: readonly string[], trailing: string, newline: string, generated: readonly boolean[] = [], options: WrapOptions = {}): string {
  const limit = options.limit ?? MAX_COLUMNS;
  const firstLine = prefix.slice(prefix.lastIndexOf('\n') + 1);
  const openCol = visualWidth(firstLine);
  const alignCol = options.indentCol ?? openCol;
  const indent = indentTo(alignCol);
  // Lines of argument indexes, and each argument's laid-out text.
  const lines: number[][] = [[]];
  const texts: string[] = [];
  let col = openCol;
  args.forEach((arg, i) => {
    const isLast = i === args.length - 1;
    const tail = isLast ? visualWidth(trailing, 0) : 1; // ")..." or ","
    const place = (text: string, at: number): { text: string; end: number } => {
      const laid = generated[i] ? breakSum(text, at, tail, newline, limit) : text;
      const lastLine = laid.slice(laid.lastIndexOf('\n') + 1);
      return { text: laid, end: laid.includes('\n') ? at + visualWidth(lastLine, at) : at + visualWidth(laid, at) };
    };
    if (i === 0) {
      const p = place(arg, col);
      texts.push(p.text);
      lines[0]!.push(i);
      col = p.end;
      return;
    }
    if (col + 2 + visualWidth(arg, col + 2) + tail <= limit) {
      texts.push(arg);
      lines[lines.length - 1]!.push(i);
      col += 2 + visualWidth(arg, col + 2);
    } else {
      const p = place(arg, alignCol);
      texts.push(p.text);
      lines.push([i]);
      col = p.end;
    }
  });
  // Balance a lone last argument with the previous line's last one.
  const last = lines[lines.length - 1]!;
  const prev = lines[lines.length - 2];
  if (last.length === 1 && prev && prev.length >= 2 && !texts.some((t) => t.includes('\n'))
      && args[last[0]!]!.length < args[prev[prev.length - 1]!]!.length) {
    const moved = prev[prev.length - 1]!;
    const width = alignCol + visualWidth(`${args[moved]!}, ${args[last[0]!]!}`, alignCol) + visualWidth(trailing, 0);
    if (width <= limit) {
      prev.pop();
      last.unshift(moved);
    }
  }
  return lines.map((l) => l.map((i) => texts[i]!).join(', ')).join(`,${newline}${indent}`);
}

/** The widest line of `s`, leaving out lines found unchanged in `unchanged` (text → width). */
function maxLineWidth(s: string, unchanged?: ReadonlyMap<string, number>): number {
  return Math.max(0, ...s.split('\n').map((l) => l.replace(/\r$/, '')).filter((l) => !unchanged?.has(l)).map((l) => visualWidth(l)));
}

/** Each line of `s` with its visual width. */
function lineWidths(s: string): Map<string, number> {
  return new Map(s.split('\n').map((l) => l.replace(/\r$/, '')).map((l) => [l, visualWidth(l)]));
}

const BREAKABLE = new Set(['+', '-', '|', '&', '||', '&&']);

/**
 * Rename `name` (a callee: `kmap_atomic` → `kmap_local_page`). When the
 * longer name pushes its one-line statement past the file's limit, the
 * statement is broken after a top-level operator of the expression holding
 * the call (`daddr = kmap_local_page(sg_page(dsg)) +` / `dsg->offset;`), the
 * rest one tab deeper, if both lines then fit; otherwise the rename alone.
 */
export function renameWithinLimit(text: string, name: SyntaxNode, newName: string, newline = '\n'): TextEdit[] {
  const rename: TextEdit = { range: { start: name.startIndex, end: name.endIndex }, text: newName };
  if (newName.length <= name.text.length) return [rename];
  const { limit } = fileLayout(text);
  const start = lineStartIndex(text, name.startIndex);
  const end = lineEndIndex(text, name.endIndex);
  const line = text.slice(start, name.startIndex) + newName + text.slice(name.endIndex, end);
  if (visualWidth(line) <= limit) return [rename];
  let stmt: SyntaxNode | null = name;
  while (stmt && !/statement$|^declaration$/.test(stmt.type)) stmt = stmt.parent;
  if (!stmt || stmt.startIndex < start || stmt.endIndex > end) return [rename];
  const indent = visualWidth(/^[ \t]*/.exec(line)![0]);
  const grow = newName.length - name.text.length;
  // Outermost first: the break nearest the statement's start that still fits.
  const candidates: SyntaxNode[] = [];
  for (let n: SyntaxNode | null = name.parent; n && n.id !== stmt.id; n = n.parent) {
    const op = n.type === 'binary_expression' ? n.childForFieldName('operator') : null;
    if (op && BREAKABLE.has(op.type)) candidates.unshift(n);
  }
  for (const n of candidates) {
    const op = n.childForFieldName('operator')!;
    const right = n.childForFieldName('right')!;
    const after = op.endIndex > name.endIndex ? grow : 0;
    const first = visualWidth(text.slice(start, op.endIndex)) + after;
    const rest = indent + TAB_WIDTH + visualWidth(text.slice(right.startIndex, end), indent + TAB_WIDTH) + (right.startIndex > name.endIndex ? 0 : grow);
    if (first > limit || rest > limit) continue;
    return [rename, { range: { start: op.endIndex, end: right.startIndex }, text: newline + indentTo(indent + TAB_WIDTH) }];
  }
  return [rename];
}
