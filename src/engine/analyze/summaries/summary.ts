/**
 * Callee summaries computed from the tree's own code: what calling a
 * function does with the pointers it is given and what it may do while it
 * runs. `summarizeFunction()` is a pure function of a function definition,
 * a lookup of its callees' summaries and a classifier of calls by name;
 * `CalleeSummaries` resolves names (this file first, then whatever the
 * resolver reaches), composes summaries through calls to a bounded depth and
 * memoises them. A callee that cannot be found, is recursive, or lies beyond
 * the depth stays unknown, and unknown means "may": may keep the pointer.
 */
import type { SyntaxNode } from '../../../core/syntax.js';
import { declaredIdentifier } from '../flow/events.js';
import { functionDeclarator, functionScope, type FunctionScope } from '../flow/locals.js';
import { describeLvalue } from '../flow/lvalues.js';
import { callArguments, callName, functionName, FunctionDefinitions } from '../syntax.js';
import { knownApi } from './known-apis.js';

/** What a call does that a caller may care about, by the callee's name. */
/** sleeps; touches user memory; reads the atomic state; needs atomic context (per-CPU data); maintains caches. */
export type CallEffect = 'sleeps' | 'user-memory' | 'atomic-state' | 'needs-atomic' | 'cache-maintenance';

export interface CalleeDefinition {
  readonly fn: SyntaxNode;
  /** The file it was found in, when not the caller's. */
  readonly path?: string;
}

/** Finds a function's definition outside the caller's file. */
export type DefinitionResolver = (name: string) => CalleeDefinition | undefined;

export interface EffectWitness {
  readonly effect: CallEffect;
  /** Function names from the summarised function to the call that has the effect. */
  readonly chain: readonly string[];
}

export interface FunctionSummary {
  readonly name: string;
  readonly path?: string;
  /** May the pointer passed as argument `index` outlive the call (stored, returned, handed on to a keeper or an unknown function)? */
  keeps(index: number): boolean;
  /** Argument `index` is stored into the object argument `into` points to (iov_iter_kvec()). */
  readonly stores?: { readonly value: number; readonly into: number };
  /** Effects of the function or its known callees, each with one chain of calls. */
  readonly effects: readonly EffectWitness[];
}

export interface SummaryOptions {
  /** Effects of a call by name; undefined when the name says nothing. */
  readonly classify?: (name: string, call: SyntaxNode) => CallEffect | undefined;
  /** Effects of an inline assembly statement (`gnu_asm_expression`), e.g. cache maintenance instructions. */
  readonly classifyAsm?: (asm: SyntaxNode) => CallEffect | undefined;
  /** Functions known not to keep the pointers they are given, besides the built-in table. */
  readonly nonRetaining?: (name: string) => boolean;
  /** How deep summaries compose through calls (default 4). */
  readonly maxDepth?: number;
}

/** Summary of a function known by its contract (known-apis.ts or the caller's list). */
function knownSummary(name: string, options: SummaryOptions): FunctionSummary | undefined {
  const k = knownApi(name);
  if (k) return { name, keeps: () => false, ...(k.stores ? { stores: k.stores } : {}), effects: k.maySleep ? [{ effect: 'sleeps', chain: [name] }] : [] };
  if (options.nonRetaining?.(name)) return { name, keeps: () => false, effects: [] };
  return undefined;
}

/**
 * Summarise one definition. `lookup` gives callees' summaries (undefined:
 * unknown). Pure: the same definition and lookup give the same summary.
 */
export function summarizeFunction(
  fn: SyntaxNode,
  lookup: (name: string) => FunctionSummary | undefined,
  options: SummaryOptions = {},
  path?: string,
): FunctionSummary {
  const name = functionName(fn) ?? '';
  const body = fn.childForFieldName('body');
  const params = (functionDeclarator(fn)?.childForFieldName('parameters')?.namedChildren ?? []).filter((p) => p.type === 'parameter_declaration' || p.type === 'variadic_parameter');
  const scope = functionScope(fn);
  const memo = new Map<number, boolean>();
  const keeps = (index: number): boolean => {
    let v = memo.get(index);
    if (v === undefined) {
      memo.set(index, true); // recursion: may keep, until proven otherwise
      v = !body || body.hasError ? true : paramMayBeKept(body, params[index], scope, lookup);
      memo.set(index, v);
    }
    return v;
  };
  const effects: EffectWitness[] = [];
  const add = (w: EffectWitness) => {
    if (!effects.some((e) => e.effect === w.effect)) effects.push(w);
  };
  if (options.classifyAsm) {
    for (const asm of body?.descendantsOfType('gnu_asm_expression') ?? []) {
      const effect = options.classifyAsm(asm);
      if (effect) add({ effect, chain: [name, `asm at line ${asm.startPosition.row + 1}`] });
    }
  }
  for (const call of body?.descendantsOfType('call_expression') ?? []) {
    const callee = callName(call);
    if (!callee || callee === name) continue;
    const direct = options.classify?.(callee, call);
    if (direct) add({ effect: direct, chain: [name, callee] });
    else for (const e of lookup(callee)?.effects ?? []) add({ effect: e.effect, chain: [name, ...e.chain] });
  }
  return { name, ...(path ? { path } : {}), keeps, effects };
}

type Use = 'kept' | 'used' | { readonly alias: string; readonly container: boolean };

/**
 * Follows the parameter through the body: into locals (and automatic local
 * structs and arrays that hold it: `struct kvec iov = { .iov_base = buf }`),
 * into calls. Kept when it is returned, stored outside the locals, or handed
 * (itself or a local holding it, by address) to a callee that may keep it.
 */
function paramMayBeKept(body: SyntaxNode, param: SyntaxNode | undefined, scope: FunctionScope, lookup: (name: string) => FunctionSummary | undefined): boolean {
  if (!param || param.type !== 'parameter_declaration') return true;
  const name = declaredIdentifier(param.childForFieldName('declarator'))?.text;
  if (!name) return true;
  /** Locals holding the pointer: itself (false) or inside them, a struct or array on the stack (true). */
  const aliases = new Map([[name, false]]);
  const identifiers = body.descendantsOfType('identifier');
  for (let changed = true; changed; ) {
    changed = false;
    for (const id of identifiers) {
      const container = aliases.get(id.text);
      if (container === undefined) continue;
      const use = classifyUse(id, container, scope, lookup);
      if (use === 'kept') return true;
      if (typeof use === 'object' && (!aliases.has(use.alias) || (use.container && !aliases.get(use.alias)))) {
        aliases.set(use.alias, use.container || (aliases.get(use.alias) ?? false));
        changed = true;
      }
    }
  }
  return false;
}

/** `&x.m` or `x.m` under `&`: the member's address, not its value, flows on. */
function isAddressTaken(n: SyntaxNode): boolean {
  let p = n.parent;
  while (p && (p.type === 'field_expression' || p.type === 'parenthesized_expression')) p = p.parent;
  return p?.type === 'pointer_expression' && p.child(0)?.type === '&';
}

/** The automatic local an expression like `&x`, `&x.m`, `x.m` designates (a container on the stack), if any. */
function localContainer(node: SyntaxNode, scope: FunctionScope): string | undefined {
  let n = node;
  while (n.type === 'parenthesized_expression' && n.namedChildCount === 1) n = n.namedChildren[0]!;
  if (n.type === 'pointer_expression' && n.child(0)?.type === '&') n = n.childForFieldName('argument')!;
  while (n.type === 'parenthesized_expression' && n.namedChildCount === 1) n = n.namedChildren[0]!;
  if (n.type === 'subscript_expression') n = n.childForFieldName('argument')!;
  const lv = describeLvalue(n, scope);
  return (lv.kind === 'local' || lv.kind === 'local-struct') && lv.root && scope.isAutomatic(lv.root) ? lv.root : undefined;
}

function classifyUse(id: SyntaxNode, container: boolean, scope: FunctionScope, lookup: (name: string) => FunctionSummary | undefined): Use {
  let n = id;
  const inContainer = container;
  // The value flows through parentheses, casts, pointer arithmetic and ?: unchanged in kind;
  // out of a container through its members and elements (`iov.iov_base`, `vec[0]`).
  for (;;) {
    const q = n.parent;
    if (!q) break;
    if (
      q.type === 'parenthesized_expression' ||
      q.type === 'cast_expression' ||
      (q.type === 'binary_expression' && ['+', '-'].includes(q.childForFieldName('operator')?.type ?? '')) ||
      q.type === 'conditional_expression'
    ) {
      n = q;
      continue;
    }
    if (inContainer && (q.type === 'field_expression' || q.type === 'subscript_expression') && q.childForFieldName('argument')?.id === n.id && !isAddressTaken(q)) {
      // What the member holds may itself be the pointer or another container: keep treating it as one.
      n = q;
      continue;
    }
    break;
  }
  // `&x` or `&x.m` of a local container: the container's address is what flows on.
  let viaAddress = false;
  if (n.parent?.type === 'field_expression' && n.parent.childForFieldName('argument')?.id === n.id && n.parent.parent?.type === 'pointer_expression') {
    n = n.parent.parent;
    viaAddress = true;
  } else if (n.parent?.type === 'pointer_expression' && n.parent.child(0)?.type === '&') {
    n = n.parent;
    viaAddress = true;
  }
  const p = n.parent;
  if (!p) return 'used';
  switch (p.type) {
    case 'return_statement':
      return 'kept';
    case 'assignment_expression': {
      if (p.childForFieldName('right')?.id !== n.id) return 'used';
      const lv = describeLvalue(p.childForFieldName('left')!, scope);
      if (lv.kind === 'local' && lv.key) return { alias: lv.key, container: inContainer || viaAddress };
      if (lv.kind === 'local-struct' && lv.root && scope.isAutomatic(lv.root)) return { alias: lv.root, container: true };
      return 'kept';
    }
    case 'init_declarator': {
      if (p.childForFieldName('value')?.id !== n.id) return 'used';
      const target = declaredIdentifier(p.childForFieldName('declarator'))?.text;
      return target && scope.isAutomatic(target) ? { alias: target, container: inContainer || viaAddress } : 'kept';
    }
    case 'initializer_list':
    case 'initializer_pair': {
      // A member of an automatic local's initializer: the local holds it.
      let q: SyntaxNode | null = p;
      while (q && (q.type === 'initializer_list' || q.type === 'initializer_pair')) q = q.parent;
      const target = q?.type === 'init_declarator' ? declaredIdentifier(q.childForFieldName('declarator'))?.text : undefined;
      return target && scope.isAutomatic(target) ? { alias: target, container: true } : 'kept';
    }
    case 'argument_list': {
      const call = p.parent;
      const callee = call?.childForFieldName('function');
      if (!call || callee?.type !== 'identifier') return 'kept';
      const args = callArguments(call);
      const index = args.findIndex((a) => a.id === n.id);
      const summary = lookup(callee.text);
      if (!summary) return 'kept';
      if (summary.stores?.value === index) {
        const into = args[summary.stores.into];
        const holder = into ? localContainer(into, scope) : undefined;
        return holder ? { alias: holder, container: true } : 'kept';
      }
      return summary.keeps(index) ? 'kept' : 'used';
    }
    case 'field_expression':
    case 'subscript_expression':
      return 'used';
    default:
      return viaAddress ? 'kept' : 'used';
  }
}

/**
 * Summaries for one file's callers: definitions in the file first, then the
 * resolver's; memoised; composed to `maxDepth`; recursion and unknown
 * callees stay unknown (undefined).
 */
export class CalleeSummaries {
  private readonly memo = new Map<string, FunctionSummary | null>();
  private readonly local: FunctionDefinitions;
  private readonly inProgress = new Set<string>();

  constructor(
    root: SyntaxNode,
    private readonly resolve: DefinitionResolver | undefined,
    private readonly options: SummaryOptions = {},
  ) {
    this.local = new FunctionDefinitions(root);
  }

  summaryOf(name: string, depth = 0): FunctionSummary | undefined {
    const known = knownSummary(name, this.options);
    if (known) return known;
    const memo = this.memo.get(name);
    if (memo !== undefined) return memo ?? undefined;
    if (this.inProgress.has(name) || depth > (this.options.maxDepth ?? 4)) return undefined;
    const local = this.local.get(name);
    const def: CalleeDefinition | undefined = local ? { fn: local } : this.resolve?.(name);
    if (!def) {
      this.memo.set(name, null);
      return undefined;
    }
    this.inProgress.add(name);
    // Nested lookups go one level deeper; their results are memoised like any other.
    const summary = summarizeFunction(def.fn, (callee) => this.summaryOf(callee, depth + 1), this.options, def.path);
    this.inProgress.delete(name);
    this.memo.set(name, summary);
    return summary;
  }
}
