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
import { InternalError } from '../../../core/errors.js';
import { BLANK_CALLS, BLANK_WORDS, BUILTIN_FOR_EACH_MACROS, NOT_A_CALLEE, looksLikeIterator } from './kernel-words.js';
import { Tok, directiveName, tokenize, type Tokens } from './lexer.js';
import { TokenView } from './token-view.js';
import { declarationMacro, isDeclarationPosition, iteratorAsLoop, multiBranchDirectives, typeArguments, type Replacement } from './passes.js';
import { blank, blankOutside, focusSpans, topLevelItems, type Span } from './focus.js';

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
  /** Only the focused items were kept. */
  readonly focused: boolean;
}

const BUILTIN_SET: ReadonlySet<string> = new Set(BUILTIN_FOR_EACH_MACROS);


/**
 * With `focus`, only the top-level items holding those ranges are kept (the
 * rest blanked, see focus.ts) and only they are normalised; `focused` says
 * whether that happened (it does not when the file's braces do not balance).
 */
export function normaliseSource(text: string, options: NormaliseOptions = {}, focus?: readonly Span[]): Normalised {
  const all = tokenize(text);
  const items = topLevelItems(text, all);
  const spans = focus ? focusSpans(items, focus) : undefined;
  const view = new TokenView(text, spans ? tokensWithin(all, spans) : all);
  const pass: Pass = {
    text,
    view,
    forEach: options.forEachMacros ?? BUILTIN_SET,
    multiBranch: multiBranchDirectives(view),
    counts: { annotation: 0, attributeList: 0, iterator: 0, typeArgument: 0, stringMacro: 0, caseRange: 0, numberToken: 0, declarationMacro: 0, directiveInExpression: 0 },
    hidden: [],
    stringified: new Set<number>(),
    reps: [],
  };
  for (let j = 0; j < view.sig.length; j++) j = normaliseToken(pass, j);
  const normalised = applyReplacements(text, pass.reps);
  return { text: spans ? blankOutside(normalised, spans) : normalised, counts: pass.counts, hidden: pass.hidden, items, focused: spans !== undefined };
}

/** The state of one normalisation pass over the significant tokens. */
interface Pass {
  readonly text: string;
  readonly view: TokenView;
  readonly forEach: ReadonlySet<string>;
  /** Directives of #if groups with #else/#elif (left to the per-branch parses). */
  readonly multiBranch: ReadonlySet<number>;
  readonly counts: NormaliseCounts;
  readonly hidden: { start: number; end: number }[];
  /** Tokens already read as string literals. */
  readonly stringified: Set<number>;
  readonly reps: Replacement[];
}

/** Normalise from token `j`; returns the last token it consumed. */
function normaliseToken(p: Pass, j: number): number {
  const { view } = p;
  const kind = view.kind(j);
  if (kind === Tok.Directive) {
    normaliseDirective(p, j);
    return j;
  }
  if (kind === Tok.Number) {
    normaliseNumber(p, j);
    return j;
  }
  if (kind !== Tok.Ident) return j;
  const afterMember = j > 0 && (view.is(j - 1, '.') || view.is(j - 1, '>'));
  if (afterMember) return j;
  const word = view.text(j);
  for (const step of IDENTIFIER_STEPS) {
    const last = step(p, j, word);
    if (last !== undefined) return last;
  }
  return j;
}

function blankRange(p: Pass, start: number, end: number): void {
  p.reps.push({ start, end, text: blankOf(p.text, start, end) });
}

/**
 * tree-sitter-c reads directives between statements and members, not inside an
 * argument list, initializer or enum: there the directive line is blanked (both
 * branches of an #if stay, which is what most such groups hold: optional members).
 * A group with #else/#elif is left for the per-branch parses (conditional-variants.ts).
 */
function normaliseDirective(p: Pass, j: number): void {
  const { view, text } = p;
  const name = directiveName(text, view.start(j), view.end(j));
  if (view.inExpression[j] === 1 && EXPRESSION_DIRECTIVES.has(name) && !p.multiBranch.has(j)) {
    blankRange(p, view.start(j), view.end(j));
    p.counts.directiveInExpression++;
  } else if (name === 'define') {
    p.counts.annotation += namedVariadics(text, view.start(j), view.end(j), p.reps);
  }
}

/** `5750_PLUS` in tg3_flag(tp, 5750_PLUS), `2K` in MTK_DMA_SIZE(2K): a token pasted into a name. */
function normaliseNumber(p: Pass, j: number): void {
  const { view } = p;
  if (isCNumber(view.text(j))) return;
  p.reps.push({ start: view.start(j), end: view.start(j) + 1, text: '_' });
  p.counts.numberToken++;
}

/**
 * One rewrite of an identifier token each, tried in order: a step returns the
 * last token it consumed when it handled the identifier, or undefined to let
 * the next step try.
 */
type IdentifierStep = (p: Pass, j: number, word: string) => number | undefined;

const IDENTIFIER_STEPS: readonly IdentifierStep[] = [
  blankWord,
  blankAttributeCall,
  caseRanges,
  declarationMacroCall,
  iteratorCall,
  stringNeighbour,
  stringNameRun,
  alignofWithoutParentheses,
  offsetofCall,
  callArguments,
];

function blankWord(p: Pass, j: number, word: string): number | undefined {
  if (!BLANK_WORDS.has(word)) return undefined;
  blankRange(p, p.view.start(j), p.view.end(j));
  p.counts.annotation++;
  return j;
}

function blankAttributeCall(p: Pass, j: number, word: string): number | undefined {
  const { view } = p;
  if (!BLANK_CALLS.has(word) || !view.is(j + 1, '(')) return undefined;
  const close = view.closer(j + 1);
  if (close === -1) return j;
  blankRange(p, view.start(j), view.end(close));
  p.counts.attributeList++;
  return close;
}

/** `case 1 ... 5:`: GNU case ranges read as an expression. */
function caseRanges(p: Pass, j: number, word: string): number | undefined {
  if (word !== 'case') return undefined;
  const { view } = p;
  for (let k = j + 1, depth = 0; k < view.sig.length; k++) {
    if (view.kind(k) === Tok.Directive) break;
    const t = view.text(k);
    if (t === '(' || t === '[') depth++;
    else if (t === ')' || t === ']') depth--;
    else if (depth === 0 && (t === ':' || t === ';' || t === '{' || t === '}')) break;
    else if (t === '...') {
      p.reps.push({ start: view.start(k), end: view.end(k), text: ' | ' });
      p.counts.caseRange++;
    }
  }
  return j;
}

function declarationMacroCall(p: Pass, j: number, word: string): number | undefined {
  const { view } = p;
  if (!view.is(j + 1, '(') || NOT_A_CALLEE.has(word) || !isDeclarationPosition(view, j)) return undefined;
  const close = declarationMacro(view, j, p.reps, p.hidden);
  if (close === -1) return undefined;
  p.counts.declarationMacro++;
  return close;
}

function iteratorCall(p: Pass, j: number, word: string): number | undefined {
  if (!p.view.is(j + 1, '(') || !(p.forEach.has(word) || looksLikeIterator(word))) return undefined;
  if (!iteratorAsLoop(p.view, j, p.reps)) return undefined;
  p.counts.iterator++;
  return j;
}

/** A name next to a string literal (`KERN_INFO "..."`) is a string macro. */
function stringNeighbour(p: Pass, j: number, word: string): number | undefined {
  const { view } = p;
  const nextToString = view.kind(j - 1) === Tok.String || view.kind(j + 1) === Tok.String || p.stringified.has(j - 1) || p.stringified.has(j + 1);
  if (!nextToString || !isStringMacroName(word) || view.is(j + 1, '(')) return undefined;
  stringify(p, j);
  return j;
}

/** `FW_DIR FW_NAME SUFFIX "..."`: a run of names that ends at a string. */
function stringNameRun(p: Pass, j: number, word: string): number | undefined {
  const { view } = p;
  if (!isStringMacroName(word) || view.kind(j + 1) !== Tok.Ident) return undefined;
  let k = j + 1;
  while (view.kind(k) === Tok.Ident && isStringMacroName(view.text(k))) k++;
  if (view.kind(k) !== Tok.String) return undefined;
  stringify(p, j);
  return j;
}

function stringify(p: Pass, j: number): void {
  const { view } = p;
  p.reps.push({ start: view.start(j), end: view.end(j), text: asStringLiteral(view.end(j) - view.start(j)) });
  p.stringified.add(j);
  p.counts.stringMacro++;
}

/** `__alignof__ *p`: GNU's operand without parentheses reads like sizeof's. */
function alignofWithoutParentheses(p: Pass, j: number, word: string): number | undefined {
  const { view } = p;
  if (!ALIGNOF.has(word) || view.is(j + 1, '(')) return undefined;
  p.reps.push({ start: view.start(j), end: view.end(j), text: 'sizeof'.padEnd(word.length) });
  p.counts.annotation++;
  return j;
}

/** offsetof(struct x, a[0]): tree-sitter-c only takes a field name; read it as a plain call (then its arguments as any call's). */
function offsetofCall(p: Pass, j: number, word: string): number | undefined {
  const { view } = p;
  if (word !== 'offsetof' || !view.is(j + 1, '(')) return undefined;
  const close = view.closer(j + 1);
  const commas = close === -1 ? [] : view.topLevelCommas(j + 1, close);
  if (commas.length === 1 && close - commas[0]! !== 2) {
    p.reps.push({ start: view.end(j) - 1, end: view.end(j), text: 'F' });
    p.counts.typeArgument++;
  }
  return undefined;
}

/** A call: `__stringify(X) ": "` pasted into a string, or type arguments (`min_t(unsigned long, ...)`). */
function callArguments(p: Pass, j: number, word: string): number | undefined {
  const { view, text } = p;
  if (!view.is(j + 1, '(')) return undefined;
  const close = view.closer(j + 1);
  if (close === -1) return j;
  if (view.kind(close + 1) === Tok.String && (view.kind(j - 1) === Tok.String || view.is(j - 1, '(') || view.is(j - 1, ','))) {
    const s = view.start(j);
    const e = view.end(close);
    if (!text.slice(s, e).includes('\n') && e - s >= 2) {
      p.reps.push({ start: s, end: e, text: asStringLiteral(e - s) });
      p.counts.stringMacro++;
      return close;
    }
  }
  if (!NOT_A_CALLEE.has(word)) p.counts.typeArgument += typeArguments(view, j + 1, close, p.reps);
  return j;
}

const ALIGNOF = new Set(['__alignof__', '__alignof', '_Alignof', 'alignof']);

/**
 * `#define dbg(fmt, args...)`: GNU's named variadic parameter, which
 * tree-sitter-c does not take; the `...` is blanked (`args` stays a parameter).
 */
function namedVariadics(text: string, start: number, end: number, reps: Replacement[]): number {
  const head = /^#[ \t]*define[ \t]+[A-Za-z_]\w*\(([^)]*)\)/.exec(text.slice(start, Math.min(end, start + 512)));
  if (!head) return 0;
  const paramsAt = start + head[0].length - 1 - head[1]!.length;
  const named = /[A-Za-z_]\w*[ \t]*(\.\.\.)/.exec(head[1]!);
  if (!named) return 0;
  const dots = paramsAt + named.index + named[0].length - 3;
  reps.push({ start: dots, end: dots + 3, text: '   ' });
  return 1;
}

const EXPRESSION_DIRECTIVES = new Set(['if', 'ifdef', 'ifndef', 'elif', 'else', 'endif', 'define', 'undef', 'elifdef', 'elifndef']);

/** `KERN_ERR "..."`, `"..." PFX`: an upper-case name next to a string literal in a concatenation. */
function isStringMacroName(word: string): boolean {
  return word.length >= 2 && /^[A-Z_][A-Z0-9_]*$/.test(word);
}

const C_NUMBER = /^(?:0[xX][0-9a-fA-F']*\.?[0-9a-fA-F']*(?:[pP][+-]?[0-9]+)?|0[bB][01']+|[0-9][0-9']*\.?[0-9']*(?:[eE][+-]?[0-9]+)?|\.[0-9]+(?:[eE][+-]?[0-9]+)?)[uUlLfFdDiIjJ]*$/;

export function isCNumber(word: string): boolean {
  return C_NUMBER.test(word);
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


/** The tokens inside `spans` (sorted, disjoint). */
function tokensWithin(toks: Tokens, spans: readonly Span[]): Tokens {
  const kind = new Uint8Array(toks.count);
  const start = new Int32Array(toks.count);
  const end = new Int32Array(toks.count);
  let n = 0;
  let s = 0;
  for (let i = 0; i < toks.count && s < spans.length; i++) {
    const ts = toks.start[i]!;
    while (s < spans.length && spans[s]!.end <= ts) s++;
    if (s < spans.length && ts >= spans[s]!.start && toks.end[i]! <= spans[s]!.end) {
      kind[n] = toks.kind[i]!;
      start[n] = ts;
      end[n] = toks.end[i]!;
      n++;
    }
  }
  return { count: n, kind, start, end };
}
