/**
 * Parse a file into views: the syntax trees its API occurrences are read
 * from. Normally one (the kernel-normalised parse of the items holding an
 * occurrence); an occurrence that parse damaged is read from a per-#if-branch
 * parse that sees it clean, and one in a #define body that parses as code from
 * that body's own parse.
 */
import type { Range } from '../../core/range.js';
import type { SyntaxNode } from '../../core/syntax.js';
import type { NormaliseOptions } from './normalise/index.js';
import type { CParser, KernelParse } from './parser.js';
import { rangesOverlap } from '../../core/range.js';
import { ancestorChain, parentOf } from '../../core/tree/ancestry.js';

/** A whole-word occurrence of an API name (the prefilter's scan). */
export interface ApiOccurrence {
  readonly api: string;
  readonly start: number;
  readonly end: number;
}

export interface ParsedViews {
  readonly parsed: KernelParse;
  /** The first view is the file's own parse; then per-branch and macro-body views. */
  readonly views: View[];
  /** The ranges the parse was focused on (absent when the whole file was parsed). */
  readonly focus?: readonly Range[];
}

/**
 * How to parse: kernel-normalised (iterator macros from `normalise`) or, with
 * `normalise: false`, the text as it is; the whole file, or only the
 * top-level items holding an occurrence (see normalise/focus.ts).
 */
export function parseViews(parser: CParser, text: string, occurrences: readonly ApiOccurrence[], options: { readonly normalise: NormaliseOptions | false; readonly wholeFile: boolean }): ParsedViews {
  const focus = options.wholeFile ? undefined : occurrences.map((o) => ({ start: o.start, end: o.end }));
  const parsed = options.normalise === false ? plainParse(parser, text) : parser.parseKernel(text, options.normalise, focus);
  const views = assignViews(parsed, occurrences);
  if (options.normalise !== false) views.push(...macroBodyViews(views[0]!, parser, text, options.normalise));
  return { parsed, views, ...(focus ? { focus } : {}) };
}

/** The syntax tree a group of occurrences is read from, and what that parse did not see. */
export interface View {
  readonly root: SyntaxNode;
  readonly hidden: readonly Range[];
  readonly occurrences: ApiOccurrence[];
  /** A #define body parsed as a function body. */
  readonly macroBody?: boolean;
}

/**
 * Occurrences in #define bodies: when the body parses as statements or an
 * expression (wrapped as a function body), its calls are read from that parse
 * and rewritten like any other; otherwise they stay `inside-macro-body`.
 * Moves those occurrences out of `base`.
 */
function macroBodyViews(base: View, parser: CParser, text: string, options: NormaliseOptions): View[] {
  const byDefine = new Map<number, { define: SyntaxNode; body: SyntaxNode; occurrences: ApiOccurrence[] }>();
  for (const o of base.occurrences) {
    const body = enclosingMacroBody(base.root.descendantForIndex(o.start, o.end));
    if (!body) continue;
    const define = parentOf(body)!;
    const entry = byDefine.get(define.id) ?? { define, body, occurrences: [] };
    entry.occurrences.push(o);
    byDefine.set(define.id, entry);
  }
  const views: View[] = [];
  for (const { define, body, occurrences } of byDefine.values()) {
    const tree = parser.parseMacroBody(text, define.startIndex, body.startIndex, body.endIndex, options);
    const fn = tree?.rootNode.descendantForIndex(body.startIndex, body.endIndex);
    const wrapper = fn && closestFunction(fn);
    if (!tree || !wrapper || wrapper.hasError) continue;
    views.push({ root: tree.rootNode, hidden: [], occurrences, macroBody: true });
    const moved = new Set(occurrences);
    base.occurrences.splice(0, base.occurrences.length, ...base.occurrences.filter((o) => !moved.has(o)));
  }
  return views;
}

/**
 * The #define body holding `node` (the innermost descendant at an occurrence).
 * A preproc_arg is a token, so it has no descendants: `node` is one or lies
 * in none (no walk up the tree).
 */
function enclosingMacroBody(node: SyntaxNode): SyntaxNode | undefined {
  if (node.type !== 'preproc_arg') return undefined;
  const parent = parentOf(node)?.type;
  return parent === 'preproc_def' || parent === 'preproc_function_def' ? node : undefined;
}

function closestFunction(node: SyntaxNode): SyntaxNode | undefined {
  for (let p: SyntaxNode | null = node; p; p = parentOf(p)) if (p.type === 'function_definition') return p;
  return undefined;
}

function plainParse(parser: CParser, text: string): KernelParse {
  return { tree: parser.parse(text), normalisedText: text, macroArguments: [], branchParses: () => [] };
}

/**
 * Each occurrence is read from the normalised parse, unless that parse put it
 * in an ERROR node or in a function with errors: then from the first per-#if-branch
 * parse that sees it in an error-free function, if any.
 */
function assignViews(parsed: KernelParse, raw: readonly ApiOccurrence[]): View[] {
  const base: View = { root: parsed.tree.rootNode, hidden: [], occurrences: [] };
  const damaged = raw.filter((o) => !siteIsClean(base.root, o));
  if (damaged.length === 0) return [{ ...base, occurrences: [...raw] }];
  const branches = parsed.branchParses().map((b): View => ({ root: b.tree.rootNode, hidden: b.hidden, occurrences: [] }));
  const moved = new Set<ApiOccurrence>();
  for (const o of damaged) {
    const view = branches.find((b) => !b.hidden.some((h) => rangesOverlap(h, o)) && siteIsClean(b.root, o));
    if (view) {
      view.occurrences.push(o);
      moved.add(o);
    }
  }
  base.occurrences.push(...raw.filter((o) => !moved.has(o)));
  return [base, ...branches.filter((b) => b.occurrences.length > 0)];
}

export function siteIsClean(root: SyntaxNode, range: Range | ApiOccurrence): boolean {
  // In a tree without errors, every site is clean.
  if (!root.tree.rootNode.hasError) return true;
  const node = root.descendantForIndex(range.start, range.end);
  const path = [...ancestorChain(node), node];
  for (let i = path.length - 1; i >= 0; i--) {
    const p = path[i]!;
    if (p.type === 'ERROR') return false;
    if (p.type === 'function_definition') return !p.hasError;
  }
  return true;
}

/** Any ERROR node (MISSING nodes alone do not count: tree-sitter recovered by inserting a token). */
export function hasErrorNode(node: SyntaxNode): boolean {
  if (!node.hasError) return false;
  if (node.type === 'ERROR') return true;
  // Only subtrees that contain an error are entered.
  for (let c = node.firstChild; c; c = c.nextSibling) if (c.hasError && hasErrorNode(c)) return true;
  return false;
}

