/**
 * Phys provenance: is a physical address (or pfn) RAM or MMIO where it is
 * used? Sources and sinks are in table.ts. Values are followed through locals,
 * parameters, struct fields and file-scope variables, and across the file's
 * functions with a small summary per function: "returns RAM/MMIO/parameter k"
 * and "parameter k reaches sink S".
 *
 * The analysis is flow-insensitive and conservative: a variable (or field of
 * a struct the file defines) has a class only when *every* store to it in the
 * function (or file) has that class, so whatever path reaches a use, the value came from one of them. Any
 * store it cannot read — an address taken, a store through an unknown base, a
 * constant, a call it does not know — makes the value unknown, and unknown is
 * never reported. It asks the flow layer (locals, lvalues) only for facts about
 * declarations; no path exploration is needed for "all definitions agree".
 *
 * The per-function summaries are this module's own, behind one narrow function
 * (`summaryOf`), so that they can later be unified with the kmap rules' callee
 * summaries (rules/_kmap/analysis), which answer a different question (does a
 * callee sleep, keep or unmap a mapping) about the same call graph.
 */
import type { SyntaxNode } from '../../../core/syntax.js';
import { callArguments, callName, functionName, unparen } from '../syntax.js';
import { declaredIdentifier } from '../flow/events.js';
import { functionDeclarator, functionScope, type FunctionScope } from '../flow/locals.js';
import { SINKS, SOURCES, TRANSPARENT, type AddressClass } from './table.js';

/** A value's class: known, a parameter of the function being summarised, or unknown. `none` = no store seen (the join's identity). */
type Cls = AddressClass | 'unknown' | 'none' | `param:${number}`;

interface Value {
  readonly cls: Cls;
  /** The source call (for known classes), for the message. */
  readonly origin?: SyntaxNode;
}

const UNKNOWN: Value = { cls: 'unknown' };
const NONE: Value = { cls: 'none' };

function join(a: Value, b: Value): Value {
  if (a.cls === 'none') return b;
  if (b.cls === 'none') return a;
  return a.cls === b.cls ? a : UNKNOWN;
}

const isKnown = (v: Value): boolean => v.cls === 'ram' || v.cls === 'mmio';
const isClassified = (v: Value): boolean => isKnown(v) || v.cls.startsWith('param:');

/** A sink some parameter reaches, directly or through further calls. */
interface ParamSink {
  readonly param: number;
  readonly requires: AddressClass;
  /** The sink call's callee name and node (the innermost, for the message). */
  readonly sinkApi: string;
  readonly sinkNode: SyntaxNode;
  readonly why: string;
}

/** What a caller needs to know about a function of the file. */
export interface FunctionSummary {
  readonly returns: Value;
  readonly paramSinks: readonly ParamSink[];
}

export interface ProvenanceFinding {
  /** The argument that carries the address into the sink (or into the function that reaches it). */
  readonly at: SyntaxNode;
  /** The callee at `at`: the sink itself, or the file's function leading to it. */
  readonly api: string;
  readonly found: AddressClass;
  readonly required: AddressClass;
  /** The call the address came from. */
  readonly origin: SyntaxNode;
  readonly sinkApi: string;
  readonly sinkNode: SyntaxNode;
  readonly why: string;
}

/** An address at a sink, whatever its class (for statistics and tests). */
export type SinkUse = (Omit<ProvenanceFinding, 'found' | 'origin'> & { readonly found: 'unknown' }) | ProvenanceFinding;

/** Every sink use in the file with the class found (unknown included). */
export function classifySinkUses(root: SyntaxNode, text: string, options: ProvenanceOptions): SinkUse[] {
  return new FileProvenance(root, text, options).classified();
}

export interface ProvenanceOptions {
  /** The file handles ZONE_DEVICE/P2PDMA pages: page-derived addresses may be MMIO. */
  readonly devicePages: boolean;
  /** The file is architecture code (arch/): the architecture-defined sinks do not apply. */
  readonly archCode: boolean;
}

/** How deep a chain of same-file calls is followed (returns and parameter sinks). */
const MAX_CALL_DEPTH = 8;

export function findProvenanceConflicts(root: SyntaxNode, text: string, options: ProvenanceOptions): ProvenanceFinding[] {
  return new FileProvenance(root, text, options).conflicts();
}

interface FunctionFacts {
  readonly fn: SyntaxNode;
  readonly params: readonly string[];
  readonly scope: FunctionScope;
  /** Stored values per variable name (parameters start with their own `param:k`). */
  readonly stores: Map<string, SyntaxNode[] | 'poisoned'>;
  /** Out-parameter sources filling a local struct resource (`of_address_to_resource(np, 0, &res)`). */
  readonly filled: Map<string, Value>;
  readonly calls: SyntaxNode[];
  readonly returns: SyntaxNode[];
}

class FileProvenance {
  private readonly functions = new Map<string, SyntaxNode>();
  private readonly facts = new Map<number, FunctionFacts>();
  private readonly summaries = new Map<string, FunctionSummary | 'busy'>();
  /** File-wide stores to fields (`struct T.f`) and file-scope variables (`::name`). */
  private fieldStores?: Map<string, { node: SyntaxNode; fn: SyntaxNode | undefined }[] | 'poisoned'>;
  private readonly poisonedFieldNames = new Set<string>();
  private structs?: Set<string>;
  private readonly memo = new Map<string, Value>();
  private readonly busy = new Set<string>();

  constructor(
    private readonly root: SyntaxNode,
    private readonly text: string,
    private readonly options: ProvenanceOptions,
  ) {
    for (const fn of root.descendantsOfType('function_definition')) {
      if (outermostFunction(fn)?.id !== fn.id) continue;
      const name = functionName(fn);
      // Two definitions of one name (#if/#else): neither is trusted.
      if (name) this.functions.set(name, this.functions.has(name) ? root : fn);
    }
  }

  conflicts(): ProvenanceFinding[] {
    return this.classified().filter((u): u is ProvenanceFinding => u.found !== 'unknown' && u.found !== u.required);
  }

  /** Every address given to a sink (or to a function of the file that passes it to one), with its class. */
  classified(): SinkUse[] {
    const out: SinkUse[] = [];
    const seen = new Set<number>();
    for (const fn of this.functionsReachingSinks()) {
      const facts = this.factsOf(fn);
      for (const call of facts.calls) {
        for (const use of this.sinkUses(call, 0)) {
          if (seen.has(use.arg.startIndex)) continue;
          seen.add(use.arg.startIndex);
          const v = this.evaluate(use.arg, facts, 0);
          const base = { at: use.arg, api: callName(call)!, required: use.requires, sinkApi: use.sinkApi, sinkNode: use.sinkNode, why: use.why };
          out.push(isKnown(v) ? { ...base, found: v.cls as AddressClass, origin: v.origin! } : { ...base, found: 'unknown' });
        }
      }
    }
    return out.sort((a, b) => a.at.startIndex - b.at.startIndex);
  }

  /**
   * The functions worth reading: those holding a sink call and, while a function's parameters
   * reach a sink, those calling it (most of a file's functions are never read).
   */
  private functionsReachingSinks(): SyntaxNode[] {
    const callsByName = new Map<string, SyntaxNode[]>();
    for (const c of this.root.descendantsOfType('call_expression')) {
      const name = callName(c);
      if (name) callsByName.set(name, [...(callsByName.get(name) ?? []), c]);
    }
    // By node id: the binding may hand out a new wrapper object for the same node.
    const queued = new Map<number, SyntaxNode>();
    const todo: SyntaxNode[] = [];
    const enqueueCallersOf = (name: string) => {
      for (const c of callsByName.get(name) ?? []) {
        const fn = outermostFunction(c);
        if (fn && !queued.has(fn.id)) {
          queued.set(fn.id, fn);
          todo.push(fn);
        }
      }
    };
    for (const sink of Object.keys(SINKS)) enqueueCallersOf(sink);
    while (todo.length > 0) {
      const fn = todo.pop()!;
      const name = functionName(fn);
      if (name && this.functions.get(name)?.id === fn.id && (this.summaryOf(name, 0)?.paramSinks.length ?? 0) > 0) enqueueCallersOf(name);
    }
    return [...queued.values()].sort((a, b) => a.startIndex - b.startIndex);
  }

  /** The sinks a call reaches through its arguments: a sink itself, or a function of the file whose parameter reaches one. */
  private sinkUses(call: SyntaxNode, depth: number): { arg: SyntaxNode; requires: AddressClass; sinkApi: string; sinkNode: SyntaxNode; why: string }[] {
    const name = callName(call);
    if (!name) return [];
    const args = callArguments(call);
    const sink = SINKS[name];
    if (sink?.archDefined && this.options.archCode) return [];
    if (sink) {
      const arg = args[sink.arg];
      const requires = typeof sink.requires === 'function' ? sink.requires(args) : sink.requires;
      return arg && requires ? [{ arg, requires, sinkApi: name, sinkNode: call, why: sink.why }] : [];
    }
    const summary = this.summaryOf(name, depth + 1);
    if (!summary) return [];
    return summary.paramSinks.flatMap((s) => (args[s.param] ? [{ arg: args[s.param]!, requires: s.requires, sinkApi: s.sinkApi, sinkNode: s.sinkNode, why: s.why }] : []));
  }

  /** The summary of a function defined (once) in this file; undefined for others, for recursion, or too deep. */
  summaryOf(name: string, depth: number): FunctionSummary | undefined {
    const fn = this.functions.get(name);
    if (!fn || fn.id === this.root.id || depth > MAX_CALL_DEPTH) return undefined;
    const cached = this.summaries.get(name);
    if (cached === 'busy') return undefined;
    if (cached) return cached;
    this.summaries.set(name, 'busy');
    const facts = this.factsOf(fn);
    let returns = NONE;
    for (const r of facts.returns) returns = join(returns, this.evaluate(r, facts, depth));
    if (facts.returns.length === 0) returns = UNKNOWN;
    const paramSinks: ParamSink[] = [];
    for (const call of facts.calls) {
      for (const use of this.sinkUses(call, depth)) {
        const v = this.evaluate(use.arg, facts, depth);
        if (!v.cls.startsWith('param:')) continue;
        const param = Number(v.cls.slice('param:'.length));
        if (!paramSinks.some((p) => p.param === param && p.requires === use.requires)) {
          paramSinks.push({ param, requires: use.requires, sinkApi: use.sinkApi, sinkNode: use.sinkNode, why: use.why });
        }
      }
    }
    const summary = { returns: returns.cls.startsWith('param:') || isKnown(returns) ? returns : UNKNOWN, paramSinks };
    this.summaries.set(name, summary);
    return summary;
  }

  private factsOf(fn: SyntaxNode): FunctionFacts {
    let facts = this.facts.get(fn.id);
    if (facts) return facts;
    const scope = functionScope(fn);
    const params: string[] = [];
    for (const p of functionDeclarator(fn)?.childForFieldName('parameters')?.namedChildren ?? []) {
      if (p.type !== 'parameter_declaration') continue;
      params.push(declaredIdentifier(p.childForFieldName('declarator'))?.text ?? '');
    }
    facts = { fn, params, scope, stores: new Map(), filled: new Map(), calls: [], returns: [] };
    const addStore = (name: string, value: SyntaxNode | 'poison') => {
      const cur = facts!.stores.get(name);
      if (cur === 'poisoned') return;
      if (value === 'poison') facts!.stores.set(name, 'poisoned');
      else facts!.stores.set(name, [...(cur ?? []), value]);
    };
    const body = fn.childForFieldName('body');
    const visit = (n: SyntaxNode) => {
      switch (n.type) {
        case 'init_declarator': {
          const id = declaredIdentifier(n.childForFieldName('declarator'));
          const value = n.childForFieldName('value');
          if (id && value) addStore(id.text, value.type === 'initializer_list' ? 'poison' : value);
          break;
        }
        case 'assignment_expression': {
          const leftNode = n.childForFieldName('left');
          const left = leftNode ? unparen(leftNode) : undefined;
          const op = n.childForFieldName('operator')?.text ?? '=';
          const right = n.childForFieldName('right');
          if (left?.type === 'identifier') {
            if (!right) addStore(left.text, 'poison');
            else
            if (op === '=') addStore(left.text, right);
            else if (!CLASS_KEEPING_OPS.has(op)) addStore(left.text, 'poison');
          }
          break;
        }
        case 'pointer_expression': {
          if (n.child(0)?.type === '&') {
            const root = rootIdentifier(n.childForFieldName('argument'));
            // (`&x` anywhere but as a source's filled-in resource: x may be stored through the pointer.)
            if (root && !this.isOutArgument(n)) addStore(root, 'poison');
          }
          break;
        }
        case 'call_expression': {
          facts!.calls.push(n);
          const name = callName(n);
          const spec = name ? SOURCES[name] : undefined;
          if (spec?.outArg !== undefined) {
            const arg = callArguments(n)[spec.outArg];
            const inner = arg && unparen(arg).type === 'pointer_expression' ? unparen(arg).childForFieldName('argument') : undefined;
            const target = inner ? unparen(inner) : undefined;
            if (target?.type === 'identifier') {
              const value = this.sourceValue(n, name!);
              facts!.filled.set(target.text, join(facts!.filled.get(target.text) ?? NONE, value));
            }
          }
          break;
        }
        case 'return_statement': {
          const e = n.namedChildren.find((c) => c.type !== 'comment');
          if (e) facts!.returns.push(e);
          break;
        }
      }
      for (const c of n.namedChildren) visit(c);
    };
    if (body) visit(body);
    this.facts.set(fn.id, facts);
    return facts;
  }

  /** `&res` as the filled-in argument of a source like of_address_to_resource(). */
  private isOutArgument(amp: SyntaxNode): boolean {
    const list = amp.parent;
    const call = list?.type === 'argument_list' ? list.parent : undefined;
    const name = call ? callName(call) : undefined;
    const spec = name ? SOURCES[name] : undefined;
    const inner = amp.childForFieldName('argument');
    return spec?.outArg !== undefined && callArguments(call!)[spec.outArg]?.id === amp.id && inner !== null && unparen(inner).type === 'identifier';
  }

  private sourceValue(call: SyntaxNode, name: string): Value {
    const spec = SOURCES[name]!;
    if (spec.when && callArguments(call)[spec.when.arg]?.text !== spec.when.is) return UNKNOWN;
    if (spec.derivation === 'page' && this.options.devicePages) return UNKNOWN;
    if (spec.unlessFileMentions && spec.unlessFileMentions.test(this.text)) return UNKNOWN;
    return { cls: spec.cls, origin: call };
  }

  /** The class of an expression in a function (parameters stay symbolic). */
  evaluate(node: SyntaxNode | null | undefined, facts: FunctionFacts, depth: number): Value {
    if (!node) return UNKNOWN;
    const n = unparen(node);
    switch (n.type) {
      case 'cast_expression':
        return this.evaluate(n.childForFieldName('value'), facts, depth);
      case 'identifier':
        return this.variable(n.text, facts, depth);
      case 'call_expression': {
        const name = callName(n);
        if (!name) return UNKNOWN;
        if (SOURCES[name] && SOURCES[name].outArg === undefined) return this.sourceValue(n, name);
        const args = callArguments(n);
        if (TRANSPARENT.has(name)) return args[0] ? this.evaluate(args[0], facts, depth) : UNKNOWN;
        const summary = this.summaryOf(name, depth + 1);
        if (!summary) return UNKNOWN;
        const r = summary.returns;
        if (r.cls.startsWith('param:')) {
          const a = args[Number(r.cls.slice('param:'.length))];
          return a ? this.evaluate(a, facts, depth + 1) : UNKNOWN;
        }
        return r;
      }
      case 'binary_expression': {
        const op = n.childForFieldName('operator')?.text;
        const l = this.evaluate(n.childForFieldName('left'), facts, depth);
        const r = this.evaluate(n.childForFieldName('right'), facts, depth);
        // An address plus or minus an offset, masked or shifted (phys↔pfn), keeps its class;
        // two addresses combined (end - start) are a length, not an address.
        // A known class beats a parameter (`base + off` with `off` a parameter), which beats unknown.
        if (op === '+' || op === '|') return isKnown(l) !== isKnown(r) ? (isKnown(l) ? l : r) : isKnown(l) ? UNKNOWN : isClassified(l) !== isClassified(r) ? (isClassified(l) ? l : r) : UNKNOWN;
        if (op === '-' || op === '&' || op === '>>' || op === '<<') return (isKnown(l) && !isKnown(r)) || (isClassified(l) && !isClassified(r)) ? l : UNKNOWN;
        return UNKNOWN;
      }
      case 'conditional_expression':
        return join(this.evaluate(n.childForFieldName('consequence'), facts, depth), this.evaluate(n.childForFieldName('alternative'), facts, depth));
      case 'field_expression':
        return this.field(n, facts, depth);
      case 'comma_expression':
        return this.evaluate(n.childForFieldName('right'), facts, depth);
      default:
        return UNKNOWN;
    }
  }

  private variable(name: string, facts: FunctionFacts, depth: number): Value {
    const info = facts.scope.variables.get(name);
    if (!info) return this.fileScoped(`::${name}`, depth);
    if (info.shadowed || info.kind === 'static') return UNKNOWN;
    const key = `${facts.fn.id}:${name}`;
    const known = this.memo.get(key);
    if (known) return known;
    if (this.busy.has(key)) return NONE;
    this.busy.add(key);
    const stores = facts.stores.get(name);
    let v = NONE;
    if (info.kind === 'parameter') v = { cls: `param:${facts.params.indexOf(name)}` };
    const filled = facts.filled.get(name);
    if (filled) v = join(v, filled);
    if (stores === 'poisoned') v = UNKNOWN;
    else for (const s of stores ?? []) v = join(v, this.evaluate(s, facts, depth));
    this.busy.delete(key);
    if (v.cls === 'none') v = UNKNOWN;
    this.memo.set(key, v);
    return v;
  }

  /** `base->f` / `base.f`: a resource's start/end has the resource's class; other fields are read from the file's stores. */
  private field(n: SyntaxNode, facts: FunctionFacts, depth: number): Value {
    const name = n.childForFieldName('field')?.text ?? '';
    const base = n.childForFieldName('argument');
    if (!base) return UNKNOWN;
    if (name === 'start' || name === 'end') {
      const b = this.evaluate(base, facts, depth);
      if (isKnown(b)) return b;
    }
    const type = this.typeOf(base, facts);
    // Only a struct this file defines: one declared in a header may be stored to by other files.
    if (!type || !this.fileStructs().has(type)) return UNKNOWN;
    return this.fileScoped(`${type}.${name}`, depth);
  }

  /** `struct T` for every struct this file defines (with a body). */
  private fileStructs(): ReadonlySet<string> {
    if (!this.structs) {
      this.structs = new Set();
      for (const st of this.root.descendantsOfType('struct_specifier')) {
        const name = st.childForFieldName('name');
        if (name && st.childForFieldName('body')) this.structs.add(`struct ${name.text}`);
      }
    }
    return this.structs;
  }

  /** The struct type named by a plain variable's declaration (`struct foo`), if the base is one. */
  private typeOf(base: SyntaxNode, facts: FunctionFacts | undefined): string | undefined {
    const b = unparen(base);
    if (b.type !== 'identifier' || !facts) return undefined;
    const info = facts.scope.variables.get(b.text);
    if (!info || info.shadowed) return undefined;
    return /^(?:const\s+)?struct\s+\w+$/.test(info.baseType) ? info.baseType.replace(/^const\s+/, '') : undefined;
  }

  /** A field (`struct T.f`) or a file-scope variable: the join of every store to it in the file. */
  private fileScoped(key: string, depth: number): Value {
    const stores = this.fileStores();
    const list = stores.get(key);
    const fieldName = key.includes('.') ? key.slice(key.lastIndexOf('.') + 1) : undefined;
    if (list === undefined || list === 'poisoned' || (fieldName && this.poisonedFieldNames.has(fieldName))) return UNKNOWN;
    const memoKey = `file:${key}`;
    const known = this.memo.get(memoKey);
    if (known) return known;
    if (this.busy.has(memoKey)) return NONE;
    this.busy.add(memoKey);
    let v = NONE;
    for (const s of list) {
      // A store outside any function (an initializer) or with a parameter-dependent value says nothing.
      const f = s.fn ? this.factsOf(s.fn) : undefined;
      const sv = f ? this.evaluate(s.node, f, depth) : UNKNOWN;
      v = join(v, sv.cls.startsWith('param:') ? UNKNOWN : sv);
    }
    this.busy.delete(memoKey);
    if (v.cls === 'none') v = UNKNOWN;
    this.memo.set(memoKey, v);
    return v;
  }

  /** Every store in the file to a struct field or a file-scope variable, by key. */
  private fileStores(): Map<string, { node: SyntaxNode; fn: SyntaxNode | undefined }[] | 'poisoned'> {
    if (this.fieldStores) return this.fieldStores;
    const stores = new Map<string, { node: SyntaxNode; fn: SyntaxNode | undefined }[] | 'poisoned'>();
    this.fieldStores = stores;
    const add = (key: string, node: SyntaxNode | 'poison', fn: SyntaxNode | undefined) => {
      const cur = stores.get(key);
      if (cur === 'poisoned') return;
      if (node === 'poison') stores.set(key, 'poisoned');
      else stores.set(key, [...(cur ?? []), { node, fn }]);
    };
    const fileVars = new Set<string>();
    for (const d of this.root.namedChildren) {
      if (d.type !== 'declaration') continue;
      for (const decl of d.childrenForFieldName('declarator')) {
        const id = declaredIdentifier(decl.type === 'init_declarator' ? decl.childForFieldName('declarator') : decl);
        if (!id) continue;
        fileVars.add(id.text);
        // A non-static file-scope variable may be stored to in other files; an initializer is a constant.
        const isStatic = d.children.some((c) => c.type === 'storage_class_specifier' && c.text === 'static');
        if (!isStatic || decl.type === 'init_declarator') add(`::${id.text}`, 'poison', undefined);
      }
    }
    const lvalueKey = (left: SyntaxNode, fn: SyntaxNode | undefined): string | 'any-field' | undefined => {
      const l = unparen(left);
      if (l.type === 'identifier') {
        const local = fn ? this.factsOf(fn).scope.variables.has(l.text) : false;
        return !local && fileVars.has(l.text) ? `::${l.text}` : undefined;
      }
      if (l.type === 'field_expression') {
        const base = l.childForFieldName('argument');
        const type = base ? this.typeOf(base, fn ? this.factsOf(fn) : undefined) : undefined;
        const name = l.childForFieldName('field')?.text ?? '';
        if (type) return `${type}.${name}`;
        this.poisonedFieldNames.add(name);
        return 'any-field';
      }
      return undefined;
    };
    for (const a of this.root.descendantsOfType('assignment_expression')) {
      const fn = outermostFunction(a);
      const left = a.childForFieldName('left');
      const right = a.childForFieldName('right');
      const key = left ? lvalueKey(left, fn) : undefined;
      if (!key || key === 'any-field') continue;
      const op = a.childForFieldName('operator')?.text ?? '=';
      if (op === '=' && right) add(key, right, fn);
      else if (!CLASS_KEEPING_OPS.has(op)) add(key, 'poison', fn);
    }
    // Designated initializers (`.f = x`) and addresses taken (`&p->f`, `&var`): the field name is
    // poisoned wherever it appears, since the struct type is not resolved there.
    for (const p of this.root.descendantsOfType('initializer_pair')) {
      for (const d of p.childrenForFieldName('designator')) if (d.type === 'field_designator') this.poisonedFieldNames.add(d.text.replace(/^\./, ''));
    }
    for (const p of this.root.descendantsOfType('pointer_expression')) {
      if (p.child(0)?.type !== '&') continue;
      const argNode = p.childForFieldName('argument');
      if (!argNode) continue;
      const arg = unparen(argNode);
      if (arg.type === 'field_expression') this.poisonedFieldNames.add(arg.childForFieldName('field')?.text ?? '');
      else if (arg.type === 'identifier' && fileVars.has(arg.text)) add(`::${arg.text}`, 'poison', undefined);
    }
    return stores;
  }
}

/** Compound assignments and updates that keep an address's class (`addr += off`, `pfn >>= 1`). */
const CLASS_KEEPING_OPS = new Set(['+=', '-=', '|=', '&=', '<<=', '>>=']);

function rootIdentifier(node: SyntaxNode | null): string | undefined {
  let n = node;
  while (n && (n.type === 'parenthesized_expression' || n.type === 'field_expression' || n.type === 'subscript_expression')) {
    n = n.type === 'parenthesized_expression' ? (n.namedChildren[0] ?? null) : n.childForFieldName('argument');
  }
  return n?.type === 'identifier' ? n.text : undefined;
}

/** The outermost function_definition holding a node (tree-sitter may nest a fake one for iterator macros). */
function outermostFunction(node: SyntaxNode): SyntaxNode | undefined {
  let found: SyntaxNode | undefined;
  for (let p: SyntaxNode | null = node; p; p = p.parent) if (p.type === 'function_definition') found = p;
  return found;
}
