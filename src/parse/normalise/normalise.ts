/**
 * Kernel-aware, offset-preserving normalisation: produce the text
 * tree-sitter-c parses in place of the file's own. Every change replaces a
 * span with text of the same length (blanks keep newlines), so UTF-16 indices
 * into the normalised text are indices into the original, and every edit a
 * rule makes from a node's range still applies to the original text.
 *
 * The normalised text is only ever parsed; it is never written, diffed or
 * shown. Node text is read from the original (see `parseNormalised`).
 */
import { InternalError } from '../../core/errors.js';
import { BLANK_CALLS, BLANK_WORDS, BUILTIN_FOR_EACH_MACROS, NOT_A_CALLEE, TAG_KEYWORDS, TYPE_KEYWORDS, looksLikeIterator } from './kernel-words.js';
import { Tok, directiveName, tokenize } from './lexer.js';
import { TokenView } from './token-view.js';
import { blank, topLevelItems } from './focus.js';

export interface NormaliseOptions {
  /** Iterator macros (the tree's .clang-format ForEachMacros); the built-in list when absent. */
  readonly forEachMacros?: ReadonlySet<string>;
}

/** What the normaliser changed, by kind (for parse-health reporting and tests). */
export interface NormaliseCounts {
  annotation: number;
  attributeList: number;
  iterator: number;
  typeArgument: number;
  stringMacro: number;
  caseRange: number;
  numberToken: number;
  declarationMacro: number;
  directiveInExpression: number;
}

export interface Normalised {
  readonly text: string;
  readonly counts: NormaliseCounts;
  /**
   * Macro invocations the normaliser hid (in part) because they expand to
   * declarations tree-sitter cannot read (`TRACE_EVENT(...)`, `DEFINE_PER_CPU(...)`):
   * an API name inside one is a macro argument, not a call.
   */
  readonly hidden: readonly { readonly start: number; readonly end: number }[];
  /** Top-level items of the file (see focus.ts), or undefined when its braces do not balance. */
  readonly items: readonly { readonly start: number; readonly end: number }[] | undefined;
}

const BUILTIN_SET: ReadonlySet<string> = new Set(BUILTIN_FOR_EACH_MACROS);

interface Replacement {
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

export function normaliseSource(text: string, options: NormaliseOptions = {}): Normalised {
  const forEach = options.forEachMacros ?? BUILTIN_SET;
  const toks = tokenize(text);
  const counts: NormaliseCounts = { annotation: 0, attributeList: 0, iterator: 0, typeArgument: 0, stringMacro: 0, caseRange: 0, numberToken: 0, declarationMacro: 0, directiveInExpression: 0 };
  const hidden: { start: number; end: number }[] = [];
  const stringified = new Set<number>();
  const reps: Replacement[] = [];
  const view = new TokenView(text, toks);
  const sig = view.sig;
  const multiBranch = multiBranchDirectives(view);
  const n = sig.length;

  const blank = (start: number, end: number) => reps.push({ start, end, text: blankOf(text, start, end) });

  for (let j = 0; j < n; j++) {
    const kind = view.kind(j);
    if (kind === Tok.Directive) {
      // tree-sitter-c reads directives between statements and members, not inside an
      // argument list, initializer or enum: there the directive line is blanked (both
      // branches of an #if stay, which is what most such groups hold: optional members).
      // A group with #else/#elif is left for the per-branch parses (conditional-variants.ts).
      if (view.inExpression[j] === 1 && EXPRESSION_DIRECTIVES.has(directiveName(text, view.start(j), view.end(j))) && !multiBranch.has(j)) {
        blank(view.start(j), view.end(j));
        counts.directiveInExpression++;
      }
      continue;
    }
    if (kind === Tok.Number) {
      const word = view.text(j);
      if (!isCNumber(word)) {
        // `5750_PLUS` in tg3_flag(tp, 5750_PLUS), `2K` in MTK_DMA_SIZE(2K): a token pasted into a name.
        reps.push({ start: view.start(j), end: view.start(j) + 1, text: '_' });
        counts.numberToken++;
      }
      continue;
    }
    if (kind !== Tok.Ident) continue;
    const word = view.text(j);
    const afterMember = j > 0 && (view.is(j - 1, '.') || view.is(j - 1, '>'));
    if (afterMember) continue;

    if (BLANK_WORDS.has(word)) {
      blank(view.start(j), view.end(j));
      counts.annotation++;
      continue;
    }
    if (BLANK_CALLS.has(word) && view.is(j + 1, '(')) {
      const close = view.closer(j + 1);
      if (close !== -1) {
        blank(view.start(j), view.end(close));
        counts.attributeList++;
        j = close;
      }
      continue;
    }
    if (word === 'case') {
      for (let k = j + 1, depth = 0; k < n; k++) {
        if (view.kind(k) === Tok.Directive) break;
        const t = view.text(k);
        if (t === '(' || t === '[') depth++;
        else if (t === ')' || t === ']') depth--;
        else if (depth === 0 && (t === ':' || t === ';' || t === '{' || t === '}')) break;
        else if (t === '...') {
          reps.push({ start: view.start(k), end: view.end(k), text: ' | ' });
          counts.caseRange++;
        }
      }
      continue;
    }
    if (view.is(j + 1, '(') && /^[A-Z][A-Z0-9_]*$/.test(word) && isDeclarationPosition(view, j)) {
      const close = declarationMacro(view, j, reps, hidden);
      if (close !== -1) {
        counts.declarationMacro++;
        j = close;
        continue;
      }
    }
    if (view.is(j + 1, '(') && (forEach.has(word) || looksLikeIterator(word))) {
      if (iteratorAsLoop(view, j, reps)) {
        counts.iterator++;
        continue;
      }
    }
    if (view.kind(j - 1) === Tok.String || view.kind(j + 1) === Tok.String || stringified.has(j - 1) || stringified.has(j + 1)) {
      if (isStringMacroName(word) && !view.is(j + 1, '(')) {
        reps.push({ start: view.start(j), end: view.end(j), text: asStringLiteral(view.end(j) - view.start(j)) });
        stringified.add(j);
        counts.stringMacro++;
        continue;
      }
    }
    // `"x" A B "y"`: a run of names between strings (A is not next to one).
    if (isStringMacroName(word) && view.kind(j + 1) === Tok.Ident && isStringMacroName(view.text(j + 1)) && view.kind(j + 2) === Tok.String && (view.is(j - 1, '(') || view.is(j - 1, ','))) {
      reps.push({ start: view.start(j), end: view.end(j), text: asStringLiteral(view.end(j) - view.start(j)) });
      stringified.add(j);
      counts.stringMacro++;
      continue;
    }
    if (word === 'offsetof' && view.is(j + 1, '(')) {
      // offsetof(struct x, a[0]): tree-sitter-c only takes a field name; read it as a plain call.
      const close = view.closer(j + 1);
      const commas = close === -1 ? [] : view.topLevelCommas(j + 1, close);
      if (commas.length === 1 && close - commas[0]! !== 2) {
        reps.push({ start: view.end(j) - 1, end: view.end(j), text: 'F' });
        counts.typeArgument++;
      }
    }
    if (view.is(j + 1, '(')) {
      const close = view.closer(j + 1);
      if (close === -1) continue;
      // `__stringify(X) ": "`: a macro call pasted into a string concatenation.
      if (view.kind(close + 1) === Tok.String && (view.kind(j - 1) === Tok.String || view.is(j - 1, '(') || view.is(j - 1, ','))) {
        const s = view.start(j);
        const e = view.end(close);
        if (!text.slice(s, e).includes('\n') && e - s >= 2) {
          reps.push({ start: s, end: e, text: asStringLiteral(e - s) });
          counts.stringMacro++;
          j = close;
          continue;
        }
      }
      if (!NOT_A_CALLEE.has(word)) counts.typeArgument += typeArguments(view, j + 1, close, reps);
    }
  }
  return { text: applyReplacements(text, reps), counts, hidden, items: topLevelItems(text, toks) };
}

/** Directive tokens (#if, #elif, #else, #endif) of conditional groups that have more than one branch. */
function multiBranchDirectives(view: TokenView): Set<number> {
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

const EXPRESSION_DIRECTIVES = new Set(['if', 'ifdef', 'ifndef', 'elif', 'else', 'endif', 'define', 'undef', 'elifdef', 'elifndef']);

const DECLARATION_PREFIX = new Set(['static', 'extern', 'const', 'volatile', ...BLANK_WORDS]);

/** At file scope or in a struct body, at the start of a declaration (after `static`, `extern`, ...). */
function isDeclarationPosition(view: TokenView, j: number): boolean {
  if (view.depth[j] !== 0 && view.inRecord[j] !== 1) return false;
  let k = j - 1;
  while (k >= 0 && view.kind(k) === Tok.Ident && DECLARATION_PREFIX.has(view.text(k))) k--;
  if (k < 0 || view.kind(k) === Tok.Directive) return true;
  const t = view.text(k);
  return t === ';' || t === '}' || (t === '{' && view.inRecord[j] === 1);
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
function declarationMacro(view: TokenView, j: number, reps: Replacement[], hidden: { start: number; end: number }[]): number {
  const open = j + 1;
  const close = view.closer(open);
  if (close === -1) return -1;
  const after = view.text(close + 1);
  const text = view.source;
  if (view.inRecord[j] === 1) {
    if (after !== ';') return -1;
    const s = view.start(j);
    const e = view.end(close + 1);
    reps.push({ start: s, end: e, text: blankOf(text, s, e) });
    hidden.push({ start: s, end: e });
    return close + 1;
  }
  if (after === ';' || after === '=') {
    const commas = view.topLevelCommas(open, close);
    if (commas.length === 0) return -1;
    // Keep one argument that is a plain name, so `static FOO(name) = {...};` parses as a declarator.
    const bounds = [open, ...commas, close];
    let keep = -1;
    for (let a = 0; a + 1 < bounds.length && keep === -1; a++) {
      if (bounds[a + 1]! - bounds[a]! === 2 && view.kind(bounds[a]! + 1) === Tok.Ident) keep = bounds[a]! + 1;
    }
    if (keep === -1) {
      const s = view.end(open);
      const e = view.start(close);
      reps.push({ start: s, end: e, text: blankOf(text, s, e) });
    } else {
      if (keep > open + 1) reps.push({ start: view.end(open), end: view.start(keep), text: blankOf(text, view.end(open), view.start(keep)) });
      if (keep < close - 1) reps.push({ start: view.end(keep), end: view.start(close), text: blankOf(text, view.end(keep), view.start(close)) });
    }
    hidden.push({ start: view.start(j), end: view.end(close) });
    return close;
  }
  // No `;` after it: only when the next token starts another declaration on a later line.
  const nextKind = view.kind(close + 1);
  const nextOnNewLine = close + 1 >= view.sig.length || text.slice(view.end(close), view.start(close + 1)).includes('\n');
  if (nextOnNewLine && (nextKind === Tok.Ident || nextKind === Tok.Directive || nextKind === 0)) {
    const s = view.start(j);
    const e = view.end(close);
    reps.push({ start: s, end: e, text: blankOf(text, s, e) });
    hidden.push({ start: s, end: e });
    return close;
  }
  return -1;
}

/** `KERN_ERR "..."`, `"..." PFX`: an upper-case name next to a string literal in a concatenation. */
function isStringMacroName(word: string): boolean {
  return word.length >= 2 && /^[A-Z_][A-Z0-9_]*$/.test(word);
}

const C_NUMBER = /^(?:0[xX][0-9a-fA-F']*\.?[0-9a-fA-F']*(?:[pP][+-]?[0-9]+)?|0[bB][01']+|[0-9][0-9']*\.?[0-9']*(?:[eE][+-]?[0-9]+)?|\.[0-9]+(?:[eE][+-]?[0-9]+)?)[uUlLfFdDiIjJ]*$/;

export function isCNumber(word: string): boolean {
  return C_NUMBER.test(word);
}

/**
 * `list_for_each_entry(pos, head, member) {` → `for (pos; head; member) {`
 * (three or more arguments: the first two top-level commas become `;`), or
 * `while (a, b) {` with fewer. Only at statement position and when a body
 * follows, so a use of the name as an expression is left alone.
 */
function iteratorAsLoop(view: TokenView, j: number, reps: Replacement[]): boolean {
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
function typeArguments(view: TokenView, open: number, close: number, reps: Replacement[]): number {
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

function blankOf(text: string, start: number, end: number): string {
  return blank(text, start, end);
}

function asStringLiteral(length: number): string {
  return `"${' '.repeat(length - 2)}"`;
}

function applyReplacements(text: string, reps: Replacement[]): string {
  if (reps.length === 0) return text;
  reps.sort((a, b) => a.start - b.start);
  const parts: string[] = [];
  let at = 0;
  for (const r of reps) {
    if (r.text.length !== r.end - r.start) throw new InternalError(`normaliser replacement at ${r.start} changes the length`);
    if (r.start < at) continue; // overlaps an earlier replacement (e.g. inside a blanked attribute list)
    parts.push(text.slice(at, r.start), r.text);
    at = r.end;
  }
  parts.push(text.slice(at));
  const out = parts.join('');
  if (out.length !== text.length) throw new InternalError('normalised text changed length');
  return out;
}

