/**
 * Judge a change to one C file with the behaviour model: pair the functions
 * of the old and new text (by name, following the map_page → map_phys
 * renames of dma_map_ops providers), judge every function whose tokens
 * changed, and account for changes outside function bodies. Used by the
 * rewrite pipeline on its own output and by `dma-migrate validate` on any
 * patch.
 */
import type { Range } from '../core/range.js';
import type { CalleeContract } from '../core/rule.js';
import type { SyntaxNode, Tree } from '../core/syntax.js';
import { mirrorTree, nestedDeeperThan, tokenText, type AstNode } from './model/ast.js';
import { Canon } from './model/canon.js';
import type { Violation } from './model/compare-traces.js';
import { judgeFunction, type Judgement, type Verdict } from './model/judge-function.js';
import type { CalleeKeeps } from './model/path-state.js';
import { judgeProvider } from './model/judge-provider.js';
import { collectVariables, declaratorName, functionDeclarator } from './model/locals.js';
import { bindParameters, findDmaMapOps, opsOfDeclaration, pairPhysHelpers, pairProviders, physHelperCallModels, providerCallModels, type PhysHelperPair, type ProviderPair } from './model/providers.js';
import { idTerm } from './model/term.js';
import type { UnjudgedReason } from './model/reasons.js';
import type { ApiSemantics } from './model/apis/api-model.js';
import { judgeMacro, macroName, type MacroBodyParser } from './judge-macro.js';

export interface FunctionVerdict {
  readonly name: string;
  /** Range of the old function (absent when the function was added). */
  readonly oldRange?: Range;
  readonly newRange?: Range;
  readonly oldLine?: number;
  readonly newLine?: number;
  readonly verdict: Verdict;
  readonly violations: readonly Violation[];
  readonly unjudged?: { readonly reason: UnjudgedReason; readonly message: string; readonly line: number };
  readonly paths: { readonly old: number; readonly new: number };
  /** Set when the function is a dma_map_ops callback judged as a provider. */
  readonly provider?: string;
}

export interface ChangeVerdict {
  readonly functions: FunctionVerdict[];
}

export interface ChangeParser {
  parse(text: string): Tree;
  /** The kernel-aware parse the rewrite pipeline uses (CParser.parseNormalised); preferred over `parse` when present. */
  parseNormalised?(text: string): Tree;
  /** Parse a #define body as a function body (CParser.parseMacroBody); without it, changed macro bodies are not judged. */
  parseMacroBody?(text: string, directiveStart: number, bodyStart: number, bodyEnd: number): Tree | undefined;
}

export interface VerifyOptions {
  /** Parses #define bodies, so a changed macro body is judged like a function. */
  readonly parseMacroBody?: MacroBodyParser;
  /**
   * The callee summaries the rewrite's rules used (the plan's, as data):
   * with them, a local or atomic mapping's address handed to a function
   * that may keep it, or to one they do not cover, breaks a contract
   * (`local-mapping-kept-by-callee`). Without them (`validate` on a patch)
   * calls are not judged for what they keep.
   */
  readonly callees?: readonly CalleeContract[];
}

/** The model's walks recurse over a function: deeper ones are not judged (`too-deep`); the same limit as the engine's. */
const MAX_MODEL_DEPTH = 400;

interface FunctionItem {
  readonly name: string;
  readonly node: AstNode;
}

/** Function definitions at file scope (inside #if blocks too), in order. */
function functionsOf(root: AstNode): FunctionItem[] {
  const out: FunctionItem[] = [];
  let anonymous = 0;
  const visit = (n: AstNode) => {
    for (const c of n.namedChildren) {
      if (c.type === 'function_definition') {
        // A definition whose name hides in a macro: named by its rank, which a rewrite does not change.
        const name = c.functionName ?? declaratorName(functionDeclarator(c)?.childForFieldName('declarator'));
        out.push({ name: name ?? `<unnamed function #${++anonymous}>`, node: c });
      } else if (c.type !== 'comment' && c.namedChildCount > 0 && c.type !== 'declaration') visit(c);
    }
  };
  visit(root);
  return out;
}

/**
 * File-scope items other than functions, as token texts (to find changes
 * outside function bodies). An ERROR node tree-sitter wrapped around
 * damaged code is opened: the clean functions inside it are judged like any
 * other (functionsOf finds them), and its other pieces are items marked
 * `inError`.
 */
function outsideItems(root: AstNode): { tokens: string; node: AstNode; inError: boolean }[] {
  const out: { tokens: string; node: AstNode; inError: boolean }[] = [];
  const visit = (n: AstNode, inError: boolean) => {
    for (const c of n.namedChildren) {
      if (c.type === 'function_definition' || c.type === 'comment') continue;
      if (/^preproc_(?:if|ifdef|else|elif|elifdef)$/.test(c.type) || c.type === 'linkage_specification' || c.type === 'declaration_list') visit(c, inError);
      else if (c.type === 'ERROR' && c.namedChildren.some((x) => x.type === 'function_definition')) visit(c, true);
      else out.push({ tokens: c.text, node: c, inError });
    }
  };
  visit(root, false);
  return out;
}

/**
 * Judge the change from `oldText` to `newText`, both parsed the way the
 * rewrite pipeline parses kernel C when the parser offers it (annotations
 * blanked, iterator macros as loops...), else as they are.
 */
export function verifyChange(oldText: string, newText: string, parser: ChangeParser, options: Omit<VerifyOptions, 'parseMacroBody'> = {}): ChangeVerdict {
  const parse = (t: string) => (parser.parseNormalised ? parser.parseNormalised(t) : parser.parse(t));
  const parseMacroBody = parser.parseMacroBody ? parser.parseMacroBody.bind(parser) : undefined;
  return verifyTrees(parse(oldText).rootNode, oldText, parse(newText).rootNode, newText, { ...options, ...(parseMacroBody ? { parseMacroBody } : {}) });
}

/** Judge the change from the tree of `oldText` to the tree of `newText`. */
export function verifyTrees(oldTree: SyntaxNode, oldText: string, newTree: SyntaxNode, newText: string, options: VerifyOptions = {}): ChangeVerdict {
  return verifyMirrors({ root: mirrorTree(oldTree, oldText), text: oldText }, { root: mirrorTree(newTree, newText), text: newText }, options);
}

interface Side {
  readonly root: AstNode;
  readonly text: string;
}

function verifyMirrors(oldSide: Side, newSide: Side, options: VerifyOptions): ChangeVerdict {
  const oldRoot = oldSide.root;
  const newRoot = newSide.root;
  const { pairs, mismatched } = pairProviders(findDmaMapOps(oldRoot), findDmaMapOps(newRoot));
  const oldFns = functionsOf(oldRoot);
  const newFns = functionsOf(newRoot);
  // Reading the parameters copies the function: the copy is dropped again (copied anew if judged).
  const signature = (f: FunctionItem) => {
    const params = collectVariables(f.node).params.map((p) => p.type);
    f.node.release();
    return { name: f.name, params };
  };
  const helpers = pairs.length > 0 ? pairPhysHelpers(oldFns.map(signature), newFns.map(signature)) : [];
  const providerModels = providerCallModels(pairs);
  const helperModels = physHelperCallModels(helpers);
  const models = { old: new Map([...providerModels.old, ...helperModels.old]), new: new Map([...providerModels.new, ...helperModels.new]) };
  const rename = new Map<string, string>();
  for (const p of pairs) if (p.oldPage) rename.set(p.oldPage, p.newPhys);
  const helperOf = new Map<string, PhysHelperPair>();
  for (const h of helpers) {
    rename.set(h.oldName, h.newName);
    helperOf.set(h.oldName, h);
  }

  const newByName = new Map<string, FunctionItem[]>();
  for (const f of newFns) newByName.set(f.name, [...(newByName.get(f.name) ?? []), f]);
  const used = new Set<FunctionItem>();
  const out: FunctionVerdict[] = [];
  const providerOf = new Map<string, ProviderPair>();
  for (const p of pairs) providerOf.set(p.newPhys, p);
  const folded = new Set(pairs.flatMap((p) => (p.oldResource ? [p.oldResource] : [])));
  const oldByName = new Map(oldFns.map((f) => [f.name, f]));
  const callees = options.callees ? calleeKeeps(options.callees) : undefined;

  function judgePair(o: FunctionItem, n: FunctionItem | undefined): void {
    if (!n) {
      if (folded.has(o.name)) return; // a .map_resource folded into .map_phys: judged with it
      out.push(verdictOf(o, undefined, { verdict: 'unjudged', violations: [], unjudged: { reason: 'function-unpaired', message: `${o.name}() was removed`, line: o.node.startPosition.row + 1 }, paths: { old: 0, new: 0 } }));
      return;
    }
    used.add(n);
    const pair = providerOf.get(n.name);
    if (pair && (pair.oldPage === o.name || !pair.oldPage)) {
      const fns = {
        newPhys: n.node,
        ...(pair.oldPage ? { oldPage: o.node } : {}),
        ...(pair.oldResource && oldByName.get(pair.oldResource) ? { oldResource: oldByName.get(pair.oldResource)!.node } : {}),
        ...(pair.oldResource && newByName.get(pair.oldResource)?.length === 1 ? { newResource: newByName.get(pair.oldResource)![0]!.node } : {}),
      };
      out.push({ ...verdictOf(o, n, judgeProvider(pair, fns, models)), provider: `${pair.ops}.${pair.kind}_phys` });
      return;
    }
    const helper = helperOf.get(o.name);
    if (helper) {
      out.push(verdictOf(o, n, judgePhysHelper(o.node, n.node, helper, new Map([...models.old, ...models.new]))));
      return;
    }
    if (o.node.text === n.node.text) return;
    if (nestedDeeperThan(o.node, MAX_MODEL_DEPTH) || nestedDeeperThan(n.node, MAX_MODEL_DEPTH)) {
      out.push(verdictOf(o, n, { verdict: 'unjudged', violations: [], unjudged: { reason: 'too-deep', message: `${n.name}() nests more than ${MAX_MODEL_DEPTH} syntax levels deep`, line: n.node.startPosition.row + 1 }, paths: { old: 0, new: 0 } }));
      return;
    }
    if (tokenText(o.node) === tokenText(n.node)) return;
    const oldSig = collectVariables(o.node).params.map((p) => p.type).join(',');
    const newSig = collectVariables(n.node).params.map((p) => p.type).join(',');
    if (oldSig !== newSig) {
      out.push(verdictOf(o, n, { verdict: 'unjudged', violations: [], unjudged: { reason: 'signature-changed', message: `the parameters of ${n.name}() changed`, line: n.node.startPosition.row + 1 }, paths: { old: 0, new: 0 } }));
      return;
    }
    out.push(verdictOf(o, n, judgeFunction(o.node, n.node, { canon: new Canon(), callModels: new Map([...models.old, ...models.new]), ...(callees ? { callees } : {}) })));
  }
  for (const o of oldFns) {
    const target = rename.get(o.name) ?? o.name;
    const n = (newByName.get(target) ?? []).find((x) => !used.has(x));
    try {
      judgePair(o, n);
    } finally {
      // What the model copied of the pair is dropped once judged: a file of thousands of changed functions need not hold them all.
      o.node.release();
      n?.node.release();
    }
  }
  for (const n of newFns) {
    if (used.has(n)) continue;
    const pair = providerOf.get(n.name);
    if (pair && !pair.oldPage && pair.oldResource && oldByName.get(pair.oldResource)) {
      out.push({ ...verdictOf(undefined, n, judgeProvider(pair, { newPhys: n.node, oldResource: oldByName.get(pair.oldResource)!.node }, models)), provider: `${pair.ops}.${pair.kind}_phys` });
      n.node.release();
      continue;
    }
    out.push(verdictOf(undefined, n, { verdict: 'unjudged', violations: [], unjudged: { reason: 'function-unpaired', message: `${n.name}() was added`, line: n.node.startPosition.row + 1 }, paths: { old: 0, new: 0 } }));
  }
  out.push(...outsideChanges(oldSide, newSide, pairs, mismatched.map((m) => m.name), options, new Map([...models.old, ...models.new]), helpers));
  return { functions: out };
}

/** The plan's callee contracts as a lookup: may `callee` keep its argument `arg` (undefined: not summarised). */
function calleeKeeps(contracts: readonly CalleeContract[]): CalleeKeeps {
  const byKey = new Map(contracts.map((c) => [`${c.callee}#${c.arg}`, c.keeps]));
  return (callee, arg) => byKey.get(`${callee}#${arg}`);
}

/** A helper moved to a phys parameter: the new one given page_to_phys(page) + offset (offset in-page) against the old one. */
function judgePhysHelper(oldFn: AstNode, newFn: AstNode, h: PhysHelperPair, callModels: ReadonlyMap<string, ApiSemantics>): Judgement {
  const P = (name: string) => idTerm(`$${name}`);
  const page = P('page');
  const offset = P('offset');
  const canon = new Canon({ inPage: new Set([offset.key]) });
  const others = Array.from({ length: h.arity }, (_, k) => P(`arg${k}`));
  const newArgs = others.map((t, k) => (k === h.at ? canon.add(canon.call('page_to_phys', [page]), offset) : t));
  const oldArgs = [...others.slice(0, h.at), page, offset, ...others.slice(h.at + 1)];
  return judgeFunction(oldFn, newFn, { canon, callModels, old: { initialEnv: bindParameters(oldFn, oldArgs) }, new: { initialEnv: bindParameters(newFn, newArgs) } });
}

function verdictOf(o: FunctionItem | undefined, n: FunctionItem | undefined, j: Judgement): FunctionVerdict {
  return {
    name: n?.name ?? o!.name,
    ...(o ? { oldRange: { start: o.node.startIndex, end: o.node.endIndex }, oldLine: o.node.startPosition.row + 1 } : {}),
    ...(n ? { newRange: { start: n.node.startIndex, end: n.node.endIndex }, newLine: n.node.startPosition.row + 1 } : {}),
    verdict: j.verdict,
    violations: j.violations,
    ...(j.unjudged ? { unjudged: j.unjudged } : {}),
    paths: j.paths,
  };
}

/**
 * Items outside functions that differ. A converted dma_map_ops initialiser
 * and the prototypes of its renamed callbacks are judged with the providers;
 * anything else cannot be judged.
 */
function outsideChanges(oldSide: Side, newSide: Side, pairs: readonly ProviderPair[], mismatchedOps: readonly string[], options: VerifyOptions, callModels: ReadonlyMap<string, ApiSemantics>, helpers: readonly PhysHelperPair[]): FunctionVerdict[] {
  const oldRoot = oldSide.root;
  const newRoot = newSide.root;
  const explained = (n: AstNode): boolean => {
    if (n.type !== 'declaration') return false;
    const ops = opsOfDeclaration(n);
    if (ops.length > 0) return ops.every((o) => pairs.some((p) => p.ops === o.name) && !mismatchedOps.includes(o.name));
    // A prototype of a provider callback (old or new name).
    const names = new Set([...pairs.flatMap((p) => [p.newPhys, p.oldPage, p.oldResource].filter((x): x is string => x !== undefined)), ...helpers.flatMap((h) => [h.oldName, h.newName])]);
    const decls = n.childrenForFieldName('declarator');
    return decls.length > 0 && decls.every((d) => d.type === 'function_declarator' && names.has(declaratorName(d.childForFieldName('declarator')) ?? ''));
  };
  const before = outsideItems(oldRoot);
  const after = outsideItems(newRoot);
  const unmatched = (xs: typeof before, ys: typeof before) => {
    const count = new Map<string, number>();
    for (const y of ys) count.set(y.tokens, (count.get(y.tokens) ?? 0) + 1);
    return xs.filter((x) => {
      const c = count.get(x.tokens) ?? 0;
      if (c === 0) return true;
      count.set(x.tokens, c - 1);
      return false;
    });
  };
  // Compare by text first (cheap); items whose text differs only in layout or comments are the same.
  const layout = (xs: typeof before) => xs.map((x) => ({ tokens: tokenText(x.node), node: x.node, inError: x.inError }));
  const gone = layout(unmatched(before, after));
  const added = layout(unmatched(after, before));
  const damaged = new Set([...gone, ...added].filter((x) => x.inError || x.node.hasError).map((x) => x.node));
  let goneTokens = unmatched(gone, added).map((x) => x.node);
  let addedTokens = unmatched(added, gone);
  const out: FunctionVerdict[] = [];
  // A changed #define body (same name on both sides, once each): judged like a function.
  if (options.parseMacroBody) {
    const once = (xs: readonly AstNode[]) => {
      const names = xs.map(macroName);
      return new Map(xs.flatMap((x, i) => (names[i] !== undefined && names.indexOf(names[i]) === names.lastIndexOf(names[i]) ? [[names[i]!, x] as const] : [])));
    };
    const olds = once(goneTokens);
    const news = once(addedTokens.map((a) => a.node));
    const judged = new Set<AstNode>();
    for (const [name, o] of olds) {
      const n = news.get(name);
      if (!n) continue;
      judged.add(o).add(n);
      const j = judgeMacro(o, oldSide.text, n, newSide.text, options.parseMacroBody, callModels);
      out.push({
        name: `#define ${name}`,
        oldRange: { start: o.startIndex, end: o.endIndex },
        newRange: { start: n.startIndex, end: n.endIndex },
        oldLine: o.startPosition.row + 1,
        newLine: n.startPosition.row + 1,
        verdict: j.verdict,
        violations: j.violations,
        ...(j.unjudged ? { unjudged: j.unjudged } : {}),
        paths: j.paths,
      });
    }
    goneTokens = goneTokens.filter((g) => !judged.has(g));
    addedTokens = addedTokens.filter((a) => !judged.has(a.node));
  }
  const why = (n: AstNode) => (damaged.has(n) ? 'parse-error' : 'change-outside-function');
  for (const g of goneTokens) {
    if (explained(g)) continue;
    const line = g.startPosition.row + 1;
    out.push({ name: `<file scope>`, oldRange: { start: g.startIndex, end: g.endIndex }, oldLine: line, verdict: 'unjudged', violations: [], unjudged: { reason: why(g), message: `the code at line ${line}, outside any function${damaged.has(g) ? ' tree-sitter could parse' : ''}, changed`, line }, paths: { old: 0, new: 0 } });
  }
  for (const a of addedTokens) {
    if (explained(a.node)) continue;
    const line = a.node.startPosition.row + 1;
    out.push({ name: `<file scope>`, newRange: { start: a.node.startIndex, end: a.node.endIndex }, newLine: line, verdict: 'unjudged', violations: [], unjudged: { reason: why(a.node), message: `the code at line ${line}, outside any function${damaged.has(a.node) ? ' tree-sitter could parse' : ''}, changed`, line }, paths: { old: 0, new: 0 } });
  }
  return out;
}
