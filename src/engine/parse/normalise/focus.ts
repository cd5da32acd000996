/**
 * Parse only what matters: the top-level items (function definitions,
 * declarations, directives, comments) that hold an occurrence of an API name.
 * tree-sitter is context-free, so an item parses the same alone as in its
 * file — except that damage left by a broken item before it no longer
 * reaches it, which is the point. Everything else is blanked (same length,
 * newlines kept), so indices stay the file's.
 *
 * Items are cut on the normalised text's tokens: at `;` at file scope, and at
 * the `}` closing a function body (a `{` right after `)`). Directives and
 * comments between items are items of their own; inside an item they belong
 * to it. When the braces do not balance at file scope (an #if/#else that
 * duplicates a function header with its `{`), there is no focus: the whole
 * file is parsed.
 */
import { Tok, tokenize, type Tokens } from './lexer.js';

export interface Span {
  readonly start: number;
  readonly end: number;
}

/** The file's top-level items, in order, or undefined when its braces do not balance. */
export function topLevelItems(text: string, toks: Tokens = tokenize(text)): Span[] | undefined {
  const items: Span[] = [];
  let itemStart = -1;
  let depth = 0;
  const functionBody: boolean[] = [];
  let prevSig = '';
  for (let i = 0; i < toks.count; i++) {
    const kind = toks.kind[i] as Tok;
    const s = toks.start[i]!;
    const e = toks.end[i]!;
    if (itemStart === -1) {
      if (kind === Tok.Directive || kind === Tok.Comment) {
        items.push({ start: s, end: e });
        continue;
      }
      itemStart = s;
    }
    if (kind === Tok.Comment || kind === Tok.Directive) continue;
    if (kind === Tok.Punct) {
      const c = text.charCodeAt(s);
      if (c === 123 /* { */) {
        functionBody.push(depth === 0 && prevSig === ')');
        depth++;
      } else if (c === 125 /* } */) {
        if (depth === 0) return undefined;
        depth--;
        const wasFunction = functionBody.pop() ?? false;
        if (depth === 0 && wasFunction) {
          items.push({ start: itemStart, end: e });
          itemStart = -1;
          prevSig = '}';
          continue;
        }
      } else if (c === 59 /* ; */ && depth === 0) {
        items.push({ start: itemStart, end: e });
        itemStart = -1;
        prevSig = ';';
        continue;
      }
    }
    prevSig = text.slice(s, e);
  }
  if (depth !== 0) return undefined;
  if (itemStart !== -1) items.push({ start: itemStart, end: toks.count > 0 ? toks.end[toks.count - 1]! : itemStart });
  return items;
}

/** The items holding any of `points`, merged; undefined when the file has no usable item structure. */
export function focusSpans(items: readonly Span[] | undefined, points: readonly Span[]): Span[] | undefined {
  if (!items) return undefined;
  const kept: Span[] = [];
  for (const p of points) {
    // Binary search for the last item starting at or before p.start.
    let lo = 0;
    let hi = items.length - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (items[mid]!.start <= p.start) {
        found = mid;
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
    // A point may span several items (a changed region): keep each it touches.
    const end = Math.max(p.end, p.start + 1);
    for (let k = Math.max(0, found); k < items.length && items[k]!.start < end; k++) {
      if (items[k]!.end > p.start) kept.push(items[k]!);
    }
  }
  kept.sort((a, b) => a.start - b.start);
  const merged: Span[] = [];
  for (const k of kept) {
    const last = merged[merged.length - 1];
    if (last && k.start <= last.end) merged[merged.length - 1] = { start: last.start, end: Math.max(last.end, k.end) };
    else merged.push(k);
  }
  return merged;
}

/** Blank everything outside `spans` (newlines kept). */
export function blankOutside(text: string, spans: readonly Span[]): string {
  const parts: string[] = [];
  let at = 0;
  for (const s of spans) {
    parts.push(blank(text, at, s.start), text.slice(s.start, s.end));
    at = s.end;
  }
  parts.push(blank(text, at, text.length));
  return parts.join('');
}

/** Spaces for text[start, end), its newlines kept. */
export function blank(text: string, start: number, end: number): string {
  let out = '';
  let at = start;
  for (let nl = text.indexOf('\n', at); nl !== -1 && nl < end; nl = text.indexOf('\n', at)) {
    out += ' '.repeat(nl - at) + '\n';
    at = nl + 1;
  }
  return out + ' '.repeat(end - at);
}
