/**
 * The only module that loads tree-sitter and the C grammar. One parser per
 * run (or per worker); never a module-level singleton.
 */
import Parser from 'tree-sitter';
import C from 'tree-sitter-c';
import { RuleLoadError } from '../../core/errors.js';
import type { Query, SyntaxNode, Tree } from '../../core/syntax.js';
import type { Range } from '../../core/range.js';
import { conditionalVariants } from './normalise/conditional-variants.js';
import { macroBodyAsFunction } from './normalise/macro-body.js';
import { treeEditsForText } from './reparse.js';
import { normaliseSource, type NormaliseOptions } from './normalise/index.js';

/** A file parsed the kernel-aware way. */
export interface KernelParse {
  /** The normalised parse; node text reads the original. */
  readonly tree: Tree;
  /** The normalised text that was parsed. */
  readonly normalisedText: string;
  /** Macro invocations the normaliser hid (in part): a name inside one is a macro argument. */
  readonly macroArguments: readonly Range[];
  /** One parse per #if branch (see conditional-variants.ts), computed on first use. */
  branchParses(): readonly BranchParse[];
}

export interface BranchParse {
  readonly tree: Tree;
  /** Ranges blanked in this parse: other branches and the directive lines. */
  readonly hidden: readonly Range[];
}

export interface CParser {
  /** Parse the text as it is. */
  parse(text: string): Tree;
  /**
   * Parse the kernel-normalised text (same length, same indices) and read
   * node text from the original: `node.text` and query text predicates see
   * the file's own characters, node types and ranges the normalised parse.
   */
  parseNormalised(text: string, options?: NormaliseOptions): Tree;
  /**
   * Parse a #define body as the body of a function (see macro-body.ts), or
   * undefined when there is no room for the wrapper. Node text reads `text`.
   */
  parseMacroBody(text: string, directiveStart: number, bodyStart: number, bodyEnd: number, options?: NormaliseOptions): Tree | undefined;
  /**
   * The normalised parse of `text`, a rewrite of the text `previous` was
   * parsed from, reusing `previous.tree` (which is edited in place and must
   * not be used afterwards).
   */
  reparseNormalised(previous: KernelParse, text: string, options?: NormaliseOptions, focus?: readonly Range[]): Tree;
  /**
   * Like reparseNormalised, but `previous.tree` is left as it was (a copy of
   * it is edited and reused): for callers that still read the old tree.
   */
  reparseNormalisedKeeping(previous: KernelParse, text: string, options?: NormaliseOptions, focus?: readonly Range[]): Tree;
  /**
   * parseNormalised plus what the normaliser hid and the per-branch parses.
   * With `focus`, only the top-level items holding those ranges are parsed
   * (see focus.ts); the rest of the tree is empty.
   */
  parseKernel(text: string, options?: NormaliseOptions, focus?: readonly Range[]): KernelParse;
  compileQuery(source: string, origin: string): Query;
}

export function createCParser(): CParser {
  const parser = new Parser();
  parser.setLanguage(C as unknown as Parser.Language);
  /** Parse `parsed` (same length as `original`) and read node text from `original`. */
  const parseAs = (parsed: string, original: string): Tree => {
    const tree = parser.parse(parsed, null, { bufferSize: Math.max(32 * 1024, parsed.length * 2 + 16) });
    if (parsed !== original) (tree as unknown as { input: string }).input = original;
    return tree;
  };
  const reparse = (previous: KernelParse, text: string, options: NormaliseOptions, focus: readonly Range[] | undefined, keep: boolean): Tree => {
    const normalised = normaliseSource(text, options, focus).text;
    // Texts that differ a lot (the focus fell back to the whole file on one side) parse afresh.
    const edits = treeEditsForText(previous.normalisedText, normalised);
    let base: Tree | null = null;
    if (edits) {
      // Re-parsing the unchanged text from a tree reuses all of it: a cheap copy to edit.
      base = keep ? parser.parse(previous.normalisedText, previous.tree, { bufferSize: Math.max(32 * 1024, previous.normalisedText.length * 2 + 16) }) : previous.tree;
      for (const e of edits) base.edit(e);
    }
    const tree = parser.parse(normalised, base, { bufferSize: Math.max(32 * 1024, normalised.length * 2 + 16) });
    if (normalised !== text) (tree as unknown as { input: string }).input = text;
    return tree;
  };
  return {
    parse(text: string): Tree {
      // The binding copies the input through a buffer; size it to the text so
      // large files parse in one go.
      return parser.parse(text, null, { bufferSize: Math.max(32 * 1024, text.length * 2 + 16) });
    },
    parseNormalised(text: string, options: NormaliseOptions = {}): Tree {
      return parseAs(normaliseSource(text, options).text, text);
    },
    reparseNormalised(previous: KernelParse, text: string, options: NormaliseOptions = {}, focus?: readonly Range[]): Tree {
      return reparse(previous, text, options, focus, false);
    },
    reparseNormalisedKeeping(previous: KernelParse, text: string, options: NormaliseOptions = {}, focus?: readonly Range[]): Tree {
      return reparse(previous, text, options, focus, true);
    },
    parseMacroBody(text: string, directiveStart: number, bodyStart: number, bodyEnd: number, options: NormaliseOptions = {}): Tree | undefined {
      const synthetic = macroBodyAsFunction(text, directiveStart, bodyStart, bodyEnd);
      return synthetic ? parseAs(normaliseSource(synthetic.text, options).text, text) : undefined;
    },
    parseKernel(text: string, options: NormaliseOptions = {}, focus?: readonly Range[]): KernelParse {
      const normalised = normaliseSource(text, options, focus);
      const tree = parseAs(normalised.text, text);
      let branches: BranchParse[] | undefined;
      return {
        tree,
        normalisedText: normalised.text,
        macroArguments: normalised.hidden,
        branchParses() {
          branches ??= conditionalVariants(normalised.text).map((v) => ({ tree: parseAs(v.text, text), hidden: v.hidden }));
          return branches;
        },
      };
    },
    compileQuery(source: string, origin: string): Query {
      try {
        return new Parser.Query(C as unknown as Parser.Language, source);
      } catch (err) {
        throw new RuleLoadError(`${origin}: query does not compile: ${(err as Error).message}`, { cause: err });
      }
    },
  };
}

/** Count ERROR and MISSING nodes below `node` (used to check a rewrite adds none). */
export function countErrorNodes(node: SyntaxNode): number {
  if (!node.hasError) return 0;
  let count = 0;
  const cursor = node.walk();
  let descend = true;
  for (;;) {
    if (descend) {
      const current = cursor.currentNode;
      if (current.type === 'ERROR' || current.isMissing) count++;
      if (current.hasError && cursor.gotoFirstChild()) continue;
    }
    if (cursor.gotoNextSibling()) {
      descend = true;
      continue;
    }
    if (!cursor.gotoParent()) break;
    descend = false;
    if (cursor.currentNode.id === node.id) break;
  }
  return count;
}
