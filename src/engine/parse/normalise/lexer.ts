/**
 * A small C lexer for the normaliser: just enough to tell identifiers,
 * numbers, strings, comments, punctuation and whole preprocessor directives
 * apart, by UTF-16 index. It reads only; it never produces text.
 */

export const enum Tok {
  Ident = 1,
  Number = 2,
  String = 3,
  Comment = 4,
  Punct = 5,
  /** A whole preprocessor directive line, continuations included. */
  Directive = 6,
}

export interface Tokens {
  readonly count: number;
  readonly kind: Uint8Array;
  readonly start: Int32Array;
  readonly end: Int32Array;
}

const isIdentStart = (c: number) => (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95 || c === 36;
const isIdentPart = (c: number) => isIdentStart(c) || (c >= 48 && c <= 57);
const isDigit = (c: number) => c >= 48 && c <= 57;
const isSpace = (c: number) => c === 32 || c === 9 || c === 10 || c === 13 || c === 12 || c === 11;

export function tokenize(text: string): Tokens {
  let cap = Math.max(64, text.length >> 2);
  let kind = new Uint8Array(cap);
  let start = new Int32Array(cap);
  let end = new Int32Array(cap);
  let n = 0;
  const push = (k: Tok, s: number, e: number) => {
    if (n === cap) {
      cap *= 2;
      const k2 = new Uint8Array(cap);
      k2.set(kind);
      kind = k2;
      const s2 = new Int32Array(cap);
      s2.set(start);
      start = s2;
      const e2 = new Int32Array(cap);
      e2.set(end);
      end = e2;
    }
    kind[n] = k;
    start[n] = s;
    end[n] = e;
    n++;
  };
  const len = text.length;
  let i = 0;
  let lineStart = true; // only whitespace since the last newline
  while (i < len) {
    const c = text.charCodeAt(i);
    if (isSpace(c)) {
      if (c === 10) lineStart = true;
      i++;
      continue;
    }
    if (c === 35 /* # */ && lineStart) {
      const s = i;
      i = skipDirective(text, i);
      push(Tok.Directive, s, i);
      continue;
    }
    lineStart = false;
    if (c === 47 /* / */ && text.charCodeAt(i + 1) === 42 /* * */) {
      const close = text.indexOf('*/', i + 2);
      const e = close === -1 ? len : close + 2;
      push(Tok.Comment, i, e);
      i = e;
      continue;
    }
    if (c === 47 && text.charCodeAt(i + 1) === 47) {
      const e = lineEnd(text, i);
      push(Tok.Comment, i, e);
      i = e;
      continue;
    }
    if (c === 34 /* " */ || c === 39 /* ' */) {
      const e = skipQuoted(text, i, c);
      push(Tok.String, i, e);
      i = e;
      continue;
    }
    if (isIdentStart(c)) {
      const s = i;
      while (i < len && isIdentPart(text.charCodeAt(i))) i++;
      // String prefixes: L"..", u"..", U"..", u8"..".
      const q = text.charCodeAt(i);
      if ((q === 34 || q === 39) && i - s <= 2 && /^(?:L|u|U|u8)$/.test(text.slice(s, i))) {
        const e = skipQuoted(text, i, q);
        push(Tok.String, s, e);
        i = e;
        continue;
      }
      push(Tok.Ident, s, i);
      continue;
    }
    if (isDigit(c) || (c === 46 && isDigit(text.charCodeAt(i + 1)))) {
      const s = i;
      i++;
      while (i < len) {
        const d = text.charCodeAt(i);
        if (isIdentPart(d) || d === 46) {
          i++;
        } else if ((d === 43 || d === 45) && isExponentSign(text, s, i)) {
          i++;
        } else {
          break;
        }
      }
      push(Tok.Number, s, i);
      continue;
    }
    if (c === 46 && text.charCodeAt(i + 1) === 46 && text.charCodeAt(i + 2) === 46) {
      push(Tok.Punct, i, i + 3);
      i += 3;
      continue;
    }
    push(Tok.Punct, i, i + 1);
    i++;
  }
  return { count: n, kind, start, end };
}

/** `1e+5`, `0x1p-3`: a sign right after the exponent letter belongs to the number. */
function isExponentSign(text: string, numberStart: number, i: number): boolean {
  const prev = text[i - 1];
  const hex = text.charCodeAt(numberStart) === 48 && (text[numberStart + 1] === 'x' || text[numberStart + 1] === 'X');
  return hex ? prev === 'p' || prev === 'P' : prev === 'e' || prev === 'E';
}

function lineEnd(text: string, i: number): number {
  for (;;) {
    const nl = text.indexOf('\n', i);
    if (nl === -1) return text.length;
    // A backslash before the newline continues the line.
    let j = nl - 1;
    if (text.charCodeAt(j) === 13) j--;
    if (text.charCodeAt(j) !== 92) return nl;
    i = nl + 1;
  }
}

/** From `#` to the end of the directive: continuation lines and comments spanning lines included. */
function skipDirective(text: string, i: number): number {
  const len = text.length;
  while (i < len) {
    const c = text.charCodeAt(i);
    if (c === 10) return i;
    if (c === 92 /* \ */) {
      const next = text.charCodeAt(i + 1);
      if (next === 10) {
        i += 2;
        continue;
      }
      if (next === 13 && text.charCodeAt(i + 2) === 10) {
        i += 3;
        continue;
      }
      i++;
      continue;
    }
    if (c === 47 && text.charCodeAt(i + 1) === 42) {
      const close = text.indexOf('*/', i + 2);
      i = close === -1 ? len : close + 2;
      continue;
    }
    if (c === 47 && text.charCodeAt(i + 1) === 47) return lineEnd(text, i);
    if (c === 34 || c === 39) {
      i = skipQuoted(text, i, c);
      continue;
    }
    i++;
  }
  return len;
}

/** A string or char literal; stops at an unescaped newline (unterminated literal). */
function skipQuoted(text: string, i: number, quote: number): number {
  const len = text.length;
  i++;
  while (i < len) {
    const c = text.charCodeAt(i);
    if (c === quote) return i + 1;
    if (c === 92) {
      i += 2;
      continue;
    }
    if (c === 10) return i;
    i++;
  }
  return len;
}

/** The directive's name (`if`, `ifdef`, `else`, `define`, ...), or '' for a null directive. */
export function directiveName(text: string, start: number, end: number): string {
  let i = start + 1;
  while (i < end && (text.charCodeAt(i) === 32 || text.charCodeAt(i) === 9)) i++;
  const s = i;
  while (i < end && isIdentPart(text.charCodeAt(i))) i++;
  return text.slice(s, i);
}
