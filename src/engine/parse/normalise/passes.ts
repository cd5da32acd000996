/**
 * The normaliser's structural passes: each looks at the tokens around an
 * identifier and records same-length replacements. See normalise.ts.
 */
import { BLANK_WORDS, TAG_KEYWORDS, TYPE_KEYWORDS } from './kernel-words.js';
import { blank } from './focus.js';
import { Tok, directiveName } from './lexer.js';
import type { TokenView } from './token-view.js';

export interface Replacement {
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

/** Directive tokens (#if, #elif, #else, #endif) of conditional groups that have more than one branch. */
export function multiBranchDirectives(view: TokenView): Set<number> {
  const out = new Set<number>();
  const stack: { members: number[]; branches: number }[] = [];
  for (let j = 0; j < view.sig.length; j++) {
    if (view.kind(j) !== Tok.Directive) continue;
    const name = directiveName(view.source, view.start(j), view.end(j));
    if (name === 'if' || name === 'ifdef' || name === 'ifndef') stack.push({ members: [j], branches: 1 });
    else if (name === 'elif' || name === 'else' || name === 'elifdef' || name === 'elifndef') {
      const g = stack[stack.length - 1];
      if (g) {
        g.members.push(j);
        g.branches++;
      }
    } else if (name === 'endif') {
      const g = stack.pop();
      if (g) {
        g.members.push(j);
        if (g.branches > 1) for (const m of g.members) out.add(m);
      }
    }
  }
  return out;
}

const DECLARATION_PREFIX = new Set(['static', 'extern', 'const', 'volatile', ...BLANK_WORDS]);

/** At file scope or in a struct body, at the start of a declaration (after `static`, `extern`, ...). */
export function isDeclarationPosition(view: TokenView, j: number): boolean {
  let k = j - 1;
  while (k >= 0 && view.kind(k) === Tok.Ident && DECLARATION_PREFIX.has(view.text(k))) k--;
  // In a function body only after `static` (`static DEFINE_RATELIMIT_STATE(rs, ...);`).
  const inBlock = view.depth[j] !== 0 && view.inRecord[j] !== 1;
  if (inBlock && (view.inExpression[j] === 1 || view.text(j - 1) !== 'static')) return false;
  if (k < 0 || view.kind(k) === Tok.Directive) return true;
  const t = view.text(k);
  return t === ';' || t === '}' || (t === '{' && (view.inRecord[j] === 1 || inBlock));
}

/**
 * An upper-case macro invoked where a declaration stands, `FOO(a, b, ...)`
 * followed by `;` or `=`: it expands to a declaration tree-sitter cannot read.
 * Keep `FOO(a)` when the first argument is a plain name (it then parses as a
 * declarator) and hide the rest of the arguments. A struct member macro
 * (`DECLARE_BITMAP(flags, N);`) and an invocation with no `;` after it
 * (`module_init(x)` style, expanding to a full declaration) are hidden whole.
 * Returns the index of the closing parenthesis, or -1 when nothing changed.
 */
export function declarationMacro(view: TokenView, j: number, reps: Replacement[], hidden: { start: number; end: number }[]): number {
  const upper = /^[A-Z_][A-Z0-9_]*$/.test(view.text(j));
  const open = j + 1;
  const close = view.closer(open);
  if (close === -1) return -1;
  const after = view.text(close + 1);
  const text = view.source;
  if (view.inRecord[j] === 1) {
    if (after !== ';') return -1;
    const s = view.start(j);
    const e = view.end(close + 1);
    reps.push({ start: s, end: e, text: blank(text, s, e) });
    hidden.push({ start: s, end: e });
    return close + 1;
  }
  if ((after === ';' || after === '=') && upper) {
    const commas = view.topLevelCommas(open, close);
    if (commas.length === 0) {
      // One argument that is not a plain name: `INDIRECT_CALLABLE_DECLARE(u32 f(struct x *p));`.
      if (close - open <= 2) return -1;
      reps.push({ start: view.end(open), end: view.start(close), text: blank(text, view.end(open), view.start(close)) });
      hidden.push({ start: view.start(j), end: view.end(close) });
      return close;
    }
    // Keep one argument that is a plain name, so `static FOO(name) = {...};` parses as a declarator.
    const bounds = [open, ...commas, close];
    let keep = -1;
    for (let a = 0; a + 1 < bounds.length && keep === -1; a++) {
      if (bounds[a + 1]! - bounds[a]! === 2 && view.kind(bounds[a]! + 1) === Tok.Ident) keep = bounds[a]! + 1;
    }
    if (keep === -1) {
      const s = view.end(open);
      const e = view.start(close);
      reps.push({ start: s, end: e, text: blank(text, s, e) });
    } else {
      if (keep > open + 1) reps.push({ start: view.end(open), end: view.start(keep), text: blank(text, view.end(open), view.start(keep)) });
      if (keep < close - 1) reps.push({ start: view.end(keep), end: view.start(close), text: blank(text, view.end(keep), view.start(close)) });
    }
    hidden.push({ start: view.start(j), end: view.end(close) });
    return close;
  }
  // No `;` after it (`module_init(x)`): only at file scope, when the next token starts
  // another declaration on a later line.
  if (view.depth[j] !== 0) return -1;
  const nextKind = view.kind(close + 1);
  const nextOnNewLine = close + 1 >= view.sig.length || text.slice(view.end(close), view.start(close + 1)).includes('\n');
  if (nextOnNewLine && (nextKind === Tok.Ident || nextKind === Tok.Directive || nextKind === 0)) {
    const s = view.start(j);
    const e = view.end(close);
    reps.push({ start: s, end: e, text: blank(text, s, e) });
    hidden.push({ start: s, end: e });
    return close;
  }
  return -1;
}

/**
 * `list_for_each_entry(pos, head, member) {` → `for (pos; head; member) {`
 * (three or more arguments: the first two top-level commas become `;`), or
 * `while (a, b) {` with fewer. Only at statement position and when a body
 * follows, so a use of the name as an expression is left alone.
 */
export function iteratorAsLoop(view: TokenView, j: number, reps: Replacement[]): boolean {
  const close = view.closer(j + 1);
  if (close === -1) return false;
  const next = close + 1;
  if (next >= view.sig.length) return false;
  const nextKind = view.kind(next);
  if (!(view.is(next, '{') || nextKind === Tok.Ident || nextKind === Tok.Directive)) return false;
  if (j > 0) {
    const prev = view.text(j - 1);
    const boundary = view.kind(j - 1) === Tok.Directive || prev === ';' || prev === '{' || prev === '}' || prev === ')' || prev === ':' || prev === 'else' || prev === 'do';
    if (!boundary) return false;
  }
  const commas = view.topLevelCommas(j + 1, close);
  const start = view.start(j);
  const len = view.end(j) - start;
  if (commas.length >= 2) {
    reps.push({ start, end: start + len, text: 'for'.padEnd(len) });
    reps.push({ start: view.start(commas[0]!), end: view.end(commas[0]!), text: ';' });
    reps.push({ start: view.start(commas[1]!), end: view.end(commas[1]!), text: ';' });
    return true;
  }
  if (len < 5) return false;
  reps.push({ start, end: start + len, text: 'while'.padEnd(len) });
  return true;
}

/**
 * In a call's arguments, an argument that is only a type name of several
 * words (`struct page`, `unsigned long`, `const char *`) — as container_of(),
 * list_entry(), min_t() and DEFINE_PER_CPU() take — becomes one identifier:
 * the blanks between its words become `_` and its `*`s blanks. A parameter
 * list is untouched unless a parameter is unnamed, where the change is harmless.
 */
export function typeArguments(view: TokenView, open: number, close: number, reps: Replacement[]): number {
  let changed = 0;
  const commas = view.topLevelCommas(open, close);
  const bounds = [open, ...commas, close];
  for (let a = 0; a + 1 < bounds.length; a++) {
    const from = bounds[a]! + 1;
    const to = bounds[a + 1]!; // exclusive
    if (to - from < 2) continue;
    if (!isPureType(view, from, to)) continue;
    const words: number[] = [];
    const stars: number[] = [];
    for (let k = from; k < to; k++) (view.is(k, '*') ? stars : words).push(k);
    const gaps: Replacement[] = [];
    let ok = true;
    for (let w = 0; w + 1 < words.length; w++) {
      const s = view.end(words[w]!);
      const e = view.start(words[w + 1]!);
      const gap = view.source.slice(s, e);
      if (gap.length === 0 || !/^[ \t]+$/.test(gap)) {
        ok = false;
        break;
      }
      gaps.push({ start: s, end: e, text: '_'.repeat(e - s) });
    }
    if (!ok) continue;
    reps.push(...gaps);
    for (const s of stars) reps.push({ start: view.start(s), end: view.end(s), text: ' ' });
    changed++;
  }
  return changed;
}

/** qualifiers* (struct|union|enum tag | type-keyword+ | name) qualifiers* `*`*  — and nothing else. */
function isPureType(view: TokenView, from: number, to: number): boolean {
  let k = from;
  const word = (i: number) => (view.kind(i) === Tok.Ident ? view.text(i) : undefined);
  while (k < to && (word(k) === 'const' || word(k) === 'volatile')) k++;
  const w = word(k);
  if (w === undefined) return false;
  if (TAG_KEYWORDS.has(w)) {
    if (k + 1 >= to || word(k + 1) === undefined) return false;
    k += 2;
  } else if (TYPE_KEYWORDS.has(w)) {
    while (k < to && word(k) !== undefined && TYPE_KEYWORDS.has(word(k)!)) k++;
  } else {
    k++;
  }
  while (k < to && (word(k) === 'const' || word(k) === 'volatile')) k++;
  while (k < to && view.is(k, '*')) k++;
  return k === to;
}

