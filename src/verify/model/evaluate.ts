/**
 * Evaluating one path's statements and expressions: values become terms
 * (locals tracked by value are substituted), calls to modelled APIs become
 * their operations, other calls and stores become events. Statements the
 * model does not open are compared as one block.
 */
import type { ApiSemantics } from './apis/api-model.js';
import { contextOfCall } from './apis/context.js';
import { effectOfCall } from './apis/effects.js';
import { modelOf } from './apis/registry.js';
import { tokenText, type AstNode } from './ast.js';
import { PURE_FUNCTIONS, parseIntegerLiteral, type Canon } from './canon.js';
import { lineOf } from './cfg.js';
import type { Effect } from './events.js';
import type { FunctionVariables } from './locals.js';
import type { PathState } from './path-state.js';
import { makeTerm, numValue, symTerm, type Term } from './term.js';

/** Thrown for a construct the model does not interpret around a modelled call: the function cannot be judged. */
export class Unsupported extends Error {
  constructor(readonly why: string, readonly line: number) {
    super(why);
  }
}

export interface EvaluatorOptions {
  readonly initialEnv?: ReadonlyMap<string, Term>;
  readonly callModels?: ReadonlyMap<string, ApiSemantics>;
}

/** Is `name` modelled (a call the CFG must open and the model interprets)? */
export function isModelledCall(name: string, callModels?: ReadonlyMap<string, ApiSemantics>): boolean {
  return modelOf(name) !== undefined || (callModels?.has(name) ?? false);
}

export class Evaluator {
  constructor(
    private readonly canon: Canon,
    private readonly vars: FunctionVariables,
    private readonly opts: EvaluatorOptions,
  ) {}

  // ---- statements ----------------------------------------------------------

  statement(s: AstNode, st: PathState): void {
    if (s.type === 'declaration') {
      for (const d of s.childrenForFieldName('declarator')) {
        if (d.type !== 'init_declarator') {
          const name = this.declName(d);
          if (name && this.vars.byName.get(name)?.byValue) st.env.set(name, this.canon.id(name));
          continue;
        }
        const name = this.declName(d.childForFieldName('declarator'));
        const valueNode = d.childForFieldName('value');
        if (!name || !valueNode) continue;
        const value = valueNode.type === 'initializer_list' ? this.opaque(valueNode, st) : this.expr(valueNode, st);
        this.storeVar(name, value, st);
      }
      return;
    }
    if (s.type === 'expression_statement') {
      for (const c of s.namedChildren) if (c.type !== 'comment') this.expr(c, st);
      return;
    }
    // A for-loop initializer or update is an expression.
    this.expr(s, st);
  }

  private declName(d: AstNode | null): string | undefined {
    let x = d;
    while (x && x.type !== 'identifier') x = x.type === 'parenthesized_declarator' ? (x.namedChildren[0] ?? null) : x.childForFieldName('declarator');
    return x?.text;
  }

  // ---- expressions ---------------------------------------------------------

  expr(n: AstNode, st: PathState): Term {
    const c = this.canon;
    switch (n.type) {
      case 'parenthesized_expression': {
        const inner = n.namedChildren.filter((x) => x.type !== 'comment');
        return inner.length === 1 ? this.expr(inner[0]!, st) : this.opaque(n, st);
      }
      case 'identifier':
        return this.readVar(n.text, st);
      case 'number_literal': {
        const v = parseIntegerLiteral(n.text);
        return v !== undefined ? c.num(v) : makeTerm(`flt:${n.text}`);
      }
      case 'char_literal':
        return makeTerm(`chr:${n.text}`);
      case 'string_literal':
      case 'concatenated_string':
        return makeTerm(`str:${tokenText(n)}`);
      case 'true':
        return c.num(1);
      case 'false':
      case 'null':
        return c.num(0);
      case 'call_expression':
        return this.call(n, st);
      case 'binary_expression': {
        const op = n.childForFieldName('operator')!.type;
        const left = this.expr(n.childForFieldName('left')!, st);
        const rightNode = n.childForFieldName('right')!;
        if ((op === '&&' || op === '||') && this.hasModelledCall(rightNode)) {
          throw new Unsupported(`a modelled call under ${op} outside a condition`, lineOf(n));
        }
        return c.binary(op, left, this.expr(rightNode, st));
      }
      case 'unary_expression':
        return c.unary(n.childForFieldName('operator')!.type, this.expr(n.childForFieldName('argument')!, st));
      case 'pointer_expression': {
        const arg = n.childForFieldName('argument')!;
        if (n.child(0)?.type === '&') return c.addr(this.lvalue(arg, st));
        return this.readMem(c.deref(this.expr(arg, st)), st);
      }
      case 'field_expression':
      case 'subscript_expression':
        return this.readMem(this.lvalue(n, st), st);
      case 'cast_expression':
        return c.cast(n.childForFieldName('type')!.text, this.expr(n.childForFieldName('value')!, st));
      case 'conditional_expression': {
        const cons = n.childForFieldName('consequence');
        const alt = n.childForFieldName('alternative')!;
        if ((cons && this.hasModelledCall(cons)) || this.hasModelledCall(alt)) throw new Unsupported('a modelled call inside ?:', lineOf(n));
        const cond = this.expr(n.childForFieldName('condition')!, st);
        // GNU `a ?: b`.
        return c.cond(cond, cons ? this.expr(cons, st) : cond, this.expr(alt, st));
      }
      case 'assignment_expression':
        return this.assign(n, st);
      case 'update_expression': {
        const arg = n.childForFieldName('argument')!;
        const op = n.childForFieldName('operator')!.type;
        const cur = this.read(arg, st);
        const next = c.add(cur, c.num(op === '++' ? 1 : -1));
        this.store(arg, next, st);
        return n.child(0)?.type === op ? next : cur;
      }
      case 'comma_expression':
        this.expr(n.childForFieldName('left')!, st);
        return this.expr(n.childForFieldName('right')!, st);
      case 'sizeof_expression':
      case 'alignof_expression':
      case 'offsetof_expression':
        return makeTerm(`sizeof:${tokenText(n)}`);
      default:
        return this.opaque(n, st);
    }
  }

  private hasModelledCall(n: AstNode): boolean {
    return n.descendantsOfType('call_expression').some((c) => {
      const f = c.childForFieldName('function');
      return f?.type === 'identifier' && isModelledCall(f.text, this.opts.callModels);
    });
  }

  private call(n: AstNode, st: PathState): Term {
    const fnNode = n.childForFieldName('function')!;
    const argNodes = (n.childForFieldName('arguments')?.namedChildren ?? []).filter((a) => a.type !== 'comment');
    const name = fnNode.type === 'identifier' && !this.vars.byName.has(fnNode.text) ? fnNode.text : undefined;
    const semantics = name ? (this.opts.callModels?.get(name) ?? modelOf(name)?.semantics) : undefined;
    if (name && semantics) {
      if (argNodes.length !== semantics.arity) throw new Unsupported(`${name}() called with ${argNodes.length} arguments, the model expects ${semantics.arity}`, lineOf(n));
      const args = argNodes.map((a) => this.expr(a, st));
      return semantics.apply(args, st, name);
    }
    if (name && PURE_FUNCTIONS.has(name)) return this.canon.call(name, argNodes.map((a) => this.expr(a, st)));
    // clear_page(addr) zeroes the PAGE_SIZE bytes of the page at addr: the access clear_highpage() and memset(addr, 0, PAGE_SIZE) make.
    if (name === 'clear_page' && argNodes.length === 1) return st.call('memset', [this.expr(argNodes[0]!, st), this.canon.num(0), this.canon.id('PAGE_SIZE')]);
    const callee = name ? undefined : this.expr(fnNode, st);
    const args = argNodes.map((a) => this.expr(a, st));
    const api = name ?? 'indirect-call';
    const effect = name ? effectOfCall(name, args) : undefined;
    const context = name ? contextOfCall(name) : undefined;
    st.emit({ k: 'call', api, args: callee ? [callee, ...args] : args, ...(effect ? { effect } : {}), ...(context ? { context } : {}) });
    return st.retSymbol(name ?? `indirect:${callee!.key}`);
  }

  private assign(n: AstNode, st: PathState): Term {
    const left = n.childForFieldName('left')!;
    const op = n.childForFieldName('operator')!.type;
    let value = this.expr(n.childForFieldName('right')!, st);
    if (op !== '=') value = this.canon.binary(op.slice(0, -1), this.read(left, st), value);
    this.store(left, value, st);
    return value;
  }

  private read(lhs: AstNode, st: PathState): Term {
    const l = unparen(lhs);
    if (l.type === 'identifier') return this.readVar(l.text, st);
    return this.readMem(this.lvalue(l, st), st);
  }

  private store(lhs: AstNode, value: Term, st: PathState): void {
    const l = unparen(lhs);
    if (l.type === 'identifier' && this.vars.byName.get(l.text)?.byValue) {
      this.storeVar(l.text, value, st);
      return;
    }
    const target = this.lvalue(l, st);
    st.mem.set(target.key, value);
    st.emit({ k: 'store', api: '=', target, value });
  }

  private storeVar(name: string, value: Term, st: PathState): void {
    const v = this.vars.byName.get(name);
    if (v?.byValue) {
      st.env.set(name, this.canon.cast(v.type, value, true));
      if (v.type === 'struct page *') st.pages.add(value.key);
      return;
    }
    const target = this.canon.id(name);
    st.mem.set(target.key, value);
    st.emit({ k: 'store', api: '=', target, value });
  }

  private readVar(name: string, st: PathState): Term {
    const v = this.vars.byName.get(name);
    if (v?.byValue) return st.env.get(name) ?? this.opts.initialEnv?.get(name) ?? this.canon.id(name);
    return this.readMem(this.canon.id(name), st);
  }

  private readMem(t: Term, st: PathState): Term {
    return st.mem.get(t.key) ?? t;
  }

  /** The memory location an lvalue names. */
  private lvalue(n: AstNode, st: PathState): Term {
    const c = this.canon;
    const l = unparen(n);
    switch (l.type) {
      case 'identifier':
        return this.vars.byName.get(l.text)?.byValue ? this.readVar(l.text, st) : c.id(l.text);
      case 'field_expression': {
        const obj = l.childForFieldName('argument')!;
        const field = l.childForFieldName('field')!.text;
        if (l.childForFieldName('operator')?.text === '->') return c.field(c.deref(this.expr(obj, st)), field);
        return c.field(this.lvalue(obj, st), field);
      }
      case 'pointer_expression':
        if (l.child(0)?.type === '*') return c.deref(this.expr(l.childForFieldName('argument')!, st));
        return this.expr(l, st);
      case 'subscript_expression':
        return c.index(this.expr(l.childForFieldName('argument')!, st), this.expr(l.childForFieldName('index')!, st));
      default:
        return this.expr(l, st);
    }
  }

  /**
   * A statement the model does not open (no modelled call, no jump). An
   * `if` with a side-effect-free condition is decided when the condition is
   * constant, and otherwise compared by its condition's value and its
   * branches; anything else is one block compared by its tokens, tracked
   * locals replaced by their values.
   */
  opaqueStatement(n: AstNode, st: PathState): void {
    if (n.type === 'if_statement') {
      const condNode = n.childForFieldName('condition')!;
      if (this.isPure(condNode)) {
        const c = this.canon.truth(this.expr(condNode, st));
        const cons = n.childForFieldName('consequence');
        const altStmt = n.childForFieldName('alternative')?.namedChildren.find((x) => x.type !== 'comment');
        const v = numValue(c);
        if (v !== undefined) {
          const chosen = v !== 0n ? cons : altStmt;
          if (chosen) this.inline(chosen, st);
          return;
        }
        const a = cons ? this.opaqueParts(cons, st) : undefined;
        const b = altStmt ? this.opaqueParts(altStmt, st) : undefined;
        this.emitOpaque(n, st, makeTerm('if', [c, a?.term ?? this.canon.num(0), b?.term ?? this.canon.num(0)]), [a, b]);
        return;
      }
    }
    const p = this.opaqueParts(n, st);
    this.emitOpaque(n, st, p.term, [p]);
  }

  private inline(s: AstNode, st: PathState): void {
    switch (s.type) {
      case 'compound_statement':
        for (const c of s.namedChildren) this.inline(c, st);
        return;
      case 'comment':
        return;
      case 'expression_statement':
      case 'declaration':
        this.statement(s, st);
        return;
      default:
        this.opaqueStatement(s, st);
    }
  }

  private isPure(n: AstNode): boolean {
    if (n.type === 'assignment_expression' || n.type === 'update_expression') return false;
    if (n.type === 'call_expression') {
      const f = n.childForFieldName('function');
      if (f?.type !== 'identifier' || !PURE_FUNCTIONS.has(f.text)) return false;
    }
    return n.namedChildren.every((c) => this.isPure(c));
  }

  private emitOpaque(n: AstNode, st: PathState, term: Term, parts: readonly (OpaqueParts | undefined)[]): void {
    for (const p of parts) for (const x of p?.passes ?? []) st.passAddress(x.api, x.index, x.value);
    for (const p of parts) for (const e of p?.effects ?? []) st.emit({ k: 'call', api: e.api, args: [], effect: e.effect });
    const calls = parts.flatMap((p) => p?.calls ?? []);
    st.emit({ k: 'block', api: n.type, value: term, ...(calls.length > 0 ? { calls } : {}) });
    st.blocks++;
    for (const p of parts) {
      for (const name of p?.assigned ?? []) st.env.set(name, symTerm('clobbered', `${name}@${st.blocks}`));
      if (p?.clearMemory) st.mem.clear();
    }
  }

  /** An expression the model does not interpret (a statement expression, an initialiser list...). */
  private opaque(n: AstNode, st: PathState): Term {
    const p = this.opaqueParts(n, st);
    for (const x of p.passes) st.passAddress(x.api, x.index, x.value);
    for (const e of p.effects) st.emit({ k: 'call', api: e.api, args: [], effect: e.effect });
    for (const name of p.assigned) st.env.set(name, symTerm('clobbered', `${name}@e${st.eventCount}`));
    if (p.clearMemory) st.mem.clear();
    return p.term;
  }

  /**
   * The tracked locals a call inside an unopened construct is given as an
   * address: an argument that is the local itself, through parentheses,
   * casts, `+`/`-` and `?:` (not a value read through it: `p[i]`, `*p`, `p->x`).
   */
  private addressesPassed(call: AstNode, st: PathState, out: Pass[]): void {
    const f = call.childForFieldName('function');
    const api = f?.type === 'identifier' && !this.vars.byName.has(f.text) ? f.text : undefined;
    const args = (call.childForFieldName('arguments')?.namedChildren ?? []).filter((a) => a.type !== 'comment');
    args.forEach((arg, index) => {
      for (const id of [arg, ...arg.descendantsOfType('identifier')]) {
        if (id.type !== 'identifier' || !this.vars.byName.get(id.text)?.byValue) continue;
        let x = id;
        while (x.id !== arg.id && x.parent && carriesValue(x.parent, x)) x = x.parent;
        if (x.id === arg.id) out.push({ api, index, value: this.readVar(id.text, st) });
      }
    });
  }

  private opaqueParts(n: AstNode, st: PathState): OpaqueParts {
    if (this.hasModelledCall(n)) throw new Unsupported(`a modelled call inside a construct the model does not open (${n.type})`, lineOf(n));
    const parts: string[] = [];
    const values: Term[] = [];
    const out: OpaqueParts = { term: this.canon.num(0), assigned: new Set(), clearMemory: false, effects: [], calls: [], passes: [] };
    const visit = (x: AstNode) => {
      if (x.type === 'comment') return;
      if (x.type === 'call_expression') {
        const f = x.childForFieldName('function');
        const effect = f?.type === 'identifier' ? effectOfCall(f.text, []) : undefined;
        if (effect) out.effects.push({ api: f!.text, effect });
        if (f?.type === 'identifier') out.calls.push(f.text);
        this.addressesPassed(x, st, out.passes);
      }
      if (x.type === 'assignment_expression' || x.type === 'update_expression') {
        const target = unparen((x.type === 'assignment_expression' ? x.childForFieldName('left') : x.childForFieldName('argument'))!);
        if (target.type === 'identifier' && this.vars.byName.get(target.text)?.byValue) out.assigned.add(target.text);
        else out.clearMemory = true;
      }
      if (x.type === 'init_declarator' || x.type === 'declaration') {
        const name = this.declName(x.childForFieldName('declarator'));
        if (name && this.vars.byName.get(name)?.byValue) out.assigned.add(name);
      }
      if (x.childCount === 0) {
        if (x.type === 'identifier' && this.vars.byName.get(x.text)?.byValue) {
          parts.push(`$${values.length}`);
          values.push(this.readVar(x.text, st));
        } else parts.push(x.text);
        return;
      }
      for (const ch of x.children) visit(ch);
    };
    visit(n);
    out.term = makeTerm(`opaque:${parts.join(' ')}`, values);
    return out;
  }
}

/** A tracked local's value handed to a call inside a construct the model does not open. */
interface Pass {
  /** The callee's name; undefined for a call through a pointer. */
  readonly api: string | undefined;
  readonly index: number;
  /** The local's value where the construct starts. */
  readonly value: Term;
}

interface OpaqueParts {
  term: Term;
  /** Tracked locals whose value (an address) is an argument of a call inside, possibly moved by +/-. */
  readonly passes: Pass[];
  readonly assigned: Set<string>;
  clearMemory: boolean;
  readonly effects: { api: string; effect: Effect }[];
  /** Every function the construct calls by name, in source order. */
  readonly calls: string[];
}

/** Does `parent` have the value (an address) of its child `child`, possibly moved? */
function carriesValue(parent: AstNode, child: AstNode): boolean {
  switch (parent.type) {
    case 'parenthesized_expression':
    case 'cast_expression':
      return true;
    case 'binary_expression':
      return ['+', '-'].includes(parent.childForFieldName('operator')?.type ?? '') && parent.childForFieldName('left')?.id === child.id;
    case 'conditional_expression':
      return parent.childForFieldName('condition')?.id !== child.id;
    default:
      return false;
  }
}

function unparen(n: AstNode): AstNode {
  let x = n;
  while (x.type === 'parenthesized_expression' && x.namedChildCount === 1) x = x.namedChildren[0]!;
  return x;
}

