/**
 * Symbolic execution of one function: enumerate its paths through the CFG
 * (loops taken at most LOOP_BOUND times, every branch of an opened `if`,
 * every `case`, both sides of an `#if`) and compute each path's trace of
 * abstract operations. Locals tracked by value are substituted, so two
 * functions that compute the same values through different temporaries get
 * the same trace.
 */
import { tokenText, type AstNode } from './ast.js';
import type { ApiSemantics } from './apis/api-model.js';
import { contextOfCall } from './apis/context.js';
import { effectOfCall, isCacheMaintenance } from './apis/effects.js';
import type { Canon } from './canon.js';
import { CfgBuilder, lineOf, type Cfg } from './cfg.js';
import { Evaluator, Unsupported, isModelledCall } from './evaluate.js';
import type { ModelEvent } from './events.js';
import { collectVariables, type FunctionVariables } from './locals.js';
import { PathState, type CalleeKeeps, type PathViolation } from './path-state.js';
import { numValue, symTerm, type Term } from './term.js';

export { isModelledCall };

export const LOOP_BOUND = 2;
export const MAX_PATHS = 2000;
const MAX_STEPS = 400_000;

export interface PathTrace {
  /** Branch decisions, by condition value and outcome: pairs old and new paths. */
  readonly decisions: readonly string[];
  readonly events: readonly ModelEvent[];
  /** Lines of the statements executed, in order. */
  readonly lines: readonly number[];
  /** `truncated`: cut off by the loop bound (end-of-path contracts are not checked). */
  readonly end: 'return' | 'exit' | 'truncated';
  readonly violations: readonly PathViolation[];
}

export interface ExecOptions {
  readonly canon: Canon;
  /** Values of parameters (by name) at entry; others are their own names. */
  readonly initialEnv?: ReadonlyMap<string, Term>;
  /** Physical addresses known to be MMIO at entry (a map_phys provider's phys, on the MMIO side). */
  readonly mmioAtEntry?: readonly Term[];
  /** Extra modelled calls (a file's own dma_map_ops provider functions). */
  readonly callModels?: ReadonlyMap<string, ApiSemantics>;
  readonly maxPaths?: number;
  /** Iterations of each loop explored (default LOOP_BOUND). */
  readonly loopBound?: number;
  /** Token texts of the other version's compound statements: a statement not among them changed, and is opened. */
  readonly otherStatements?: ReadonlySet<string>;
  /** The plan's callee summaries: calls given a local mapping's address are judged by them. */
  readonly callees?: CalleeKeeps;
}

export type ExecResult =
  | { readonly ok: true; readonly paths: PathTrace[] }
  | { readonly ok: false; readonly why: string; readonly line: number; readonly kind: 'too-many-paths' | 'unsupported' };


export function executeFunction(fn: AstNode, opts: ExecOptions): ExecResult {
  const body = fn.childForFieldName('body');
  if (!body) return { ok: false, why: 'function has no body', line: lineOf(fn), kind: 'unsupported' };
  const exec = new Executor(fn, body, opts);
  try {
    return exec.run();
  } catch (err) {
    if (err instanceof Unsupported) return { ok: false, why: err.why, line: err.line, kind: 'unsupported' };
    throw err;
  }
}


/** Calls the CFG opens statements for: modelled ones, and those the atomic context matters to or changes. */
function needsOwnNode(name: string, callModels?: ReadonlyMap<string, ApiSemantics>): boolean {
  return isModelledCall(name, callModels) || effectOfCall(name, []) !== undefined || contextOfCall(name) !== undefined || isCacheMaintenance(name);
}

class Executor {
  private readonly canon: Canon;
  private readonly vars: FunctionVariables;
  private readonly cfg: Cfg;
  private steps = 0;
  private readonly bound: number;
  private readonly evaluator: Evaluator;

  constructor(private readonly fn: AstNode, body: AstNode, private readonly opts: ExecOptions) {
    this.canon = opts.canon;
    this.bound = opts.loopBound ?? LOOP_BOUND;
    this.vars = collectVariables(fn);
    this.evaluator = new Evaluator(this.canon, this.vars, opts);
    const other = opts.otherStatements;
    this.cfg = new CfgBuilder((name) => needsOwnNode(name, opts.callModels), other ? (n) => !other.has(tokenText(n)) : undefined).build(body);
  }

  run(): ExecResult {
    const init = new PathState(this.canon, this.opts.callees);
    init.visits = new Uint32Array(this.cfg.nodes.length);
    for (const [k, v] of this.opts.initialEnv ?? []) init.env.set(k, v);
    init.mmio = [...(this.opts.mmioAtEntry ?? [])];
    for (const v of this.vars.byName.values()) if (v.type === 'struct page *') init.pages.add((init.env.get(v.name) ?? this.canon.id(v.name)).key);
    const maxPaths = this.opts.maxPaths ?? MAX_PATHS;
    const work: { id: number; st: PathState }[] = [{ id: this.cfg.entry, st: init }];
    const done: PathTrace[] = [];
    while (work.length > 0) {
      const item = work.pop()!;
      const trace = this.walk(item.id, item.st, work);
      if (trace) done.push(trace);
      if (done.length + work.length > maxPaths || this.steps > MAX_STEPS) {
        return { ok: false, why: `more than ${maxPaths} paths (or ${MAX_STEPS} steps)`, line: lineOf(this.fn), kind: 'too-many-paths' };
      }
    }
    return { ok: true, paths: done };
  }

  /** Walk from `id` until the path ends (returns its trace) or forks (pushes the other side). */
  private walk(start: number, st: PathState, work: { id: number; st: PathState }[]): PathTrace | undefined {
    let id = start;
    for (;;) {
      this.steps++;
      const n = this.cfg.nodes[id]!;
      const visits = st.visits[id]! + 1;
      st.visits[id] = visits;
      if (visits > 2 * this.bound + 3) return this.end(st, 'truncated');
      switch (n.kind) {
        case 'exit':
          return this.end(st, 'exit');
        case 'nop':
          // A label reached again closes a goto loop: bounded like a loop.
          if (n.label && visits > this.bound + 1) return this.end(st, 'truncated');
          id = n.next;
          continue;
        case 'stop':
          throw new Unsupported(n.why, n.line);
        case 'stmt':
          this.at(st, n.node);
          if (n.opaque) this.evaluator.opaqueStatement(n.node, st);
          else this.evaluator.statement(n.node, st);
          id = n.next;
          continue;
        case 'return': {
          this.at(st, n.node);
          const value = n.value ? this.evaluator.expr(n.value, st) : undefined;
          st.emit({ k: 'return', api: 'return', ...(value ? { value } : {}) });
          return this.end(st, 'return');
        }
        case 'branch': {
          st.line = n.line;
          if (!n.cond) {
            if (visits > this.bound) return this.end(st, 'truncated');
            id = n.then;
            continue;
          }
          const c = this.canon.truth(this.evaluator.expr(n.cond, st));
          const v = numValue(c);
          if (v !== undefined) {
            // `while (1)` is bounded like `for (;;)`: past the bound the path is cut short.
            if (n.loop && v !== 0n && visits > this.bound) return this.end(st, 'truncated');
            id = v !== 0n ? n.then : n.else;
            continue;
          }
          if (n.loop && visits > this.bound) {
            // Cut short by the bound: what the loop assigns stands for any later iteration's value.
            this.widen(n.assigned, st);
            id = n.else;
            continue;
          }
          const other = st.clone();
          other.decide(`${c.key}=F`);
          other.assume(c, false);
          work.push({ id: n.else, st: other });
          st.decide(`${c.key}=T`);
          st.assume(c, true);
          // The last iteration explored stands for any later one: it starts from unknown values.
          if (n.loop && visits === this.bound) this.widen(n.assigned, st);
          id = n.then;
          continue;
        }
        case 'pp-branch': {
          const other = st.clone();
          other.decide(`${n.label}=F`);
          work.push({ id: n.else, st: other });
          st.decide(`${n.label}=T`);
          id = n.then;
          continue;
        }
        case 'switch': {
          this.at(st, n.value);
          const value = this.evaluator.expr(n.value, st);
          for (let i = 1; i < n.cases.length; i++) {
            const c = n.cases[i]!;
            const other = st.clone();
            other.decide(`switch ${value.key}=${c.value ? this.evaluator.expr(c.value, other).key : 'default'}`);
            work.push({ id: c.target, st: other });
          }
          const first = n.cases[0]!;
          st.decide(`switch ${value.key}=${first.value ? this.evaluator.expr(first.value, st).key : 'default'}`);
          id = first.target;
          continue;
        }
      }
    }
  }

  private widen(names: readonly string[] | undefined, st: PathState): void {
    st.widens++;
    for (const name of names ?? []) if (this.vars.byName.get(name)?.byValue) st.env.set(name, symTerm('clobbered', `${name}@loop${st.widens}`));
  }

  private at(st: PathState, node: AstNode): void {
    st.visitLine(lineOf(node));
  }

  private end(st: PathState, end: PathTrace['end']): PathTrace {
    if (end !== 'truncated') st.finish();
    return { decisions: st.decisions, events: st.events, lines: st.lines, end, violations: st.violations };
  }
}
