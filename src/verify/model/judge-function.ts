/**
 * Judge one rewritten function: every API the change touches must have a
 * model entry; both versions are executed path by path; the traces must be
 * equivalent and the new version must break no contract the old one kept.
 */
import type { AstNode } from './ast.js';
import type { ApiSemantics } from './apis/api-model.js';
import { ACCESS_CALLS, modelOf } from './apis/registry.js';
import { PURE_FUNCTIONS, type Canon } from './canon.js';
import { compoundStatementTokens } from './cfg.js';
import { compareFunctionPaths, type Violation } from './compare-traces.js';
import { LOOP_BOUND, MAX_PATHS, executeFunction, type ExecOptions, type ExecResult } from './execute.js';
import { CONTRACT_REASONS, type UnjudgedReason } from './reasons.js';
import type { CalleeKeeps } from './path-state.js';
import type { Term } from './term.js';

export type Verdict = 'accepted' | 'rejected' | 'unjudged';

export interface Judgement {
  readonly verdict: Verdict;
  /** Sorted: the first is the main reason. */
  readonly violations: readonly Violation[];
  readonly unjudged?: { readonly reason: UnjudgedReason; readonly message: string; readonly line: number };
  readonly paths: { readonly old: number; readonly new: number };
  /** Loop iterations explored: 2, or 1 when two would give too many paths. */
  readonly loopBound?: number;
}

export interface SideOptions {
  readonly initialEnv?: ReadonlyMap<string, Term>;
  readonly mmioAtEntry?: readonly Term[];
}

export interface JudgeOptions {
  readonly canon: Canon;
  readonly callModels?: ReadonlyMap<string, ApiSemantics>;
  readonly old?: SideOptions;
  readonly new?: SideOptions;
  readonly maxPaths?: number;
  /** Compare two different functions (a provider's MMIO side): do not require the calls to differ only in modelled APIs. */
  readonly skipTouchedCheck?: boolean;
  /** The plan's callee summaries: what a call given a mapped address keeps (see PathState). */
  readonly callees?: CalleeKeeps;
}

/** Callee names (identifiers) called in a subtree, with counts. */
export function calleeCounts(node: AstNode): Map<string, number> {
  const out = new Map<string, number>();
  for (const c of node.descendantsOfType('call_expression')) {
    const f = c.childForFieldName('function');
    if (f?.type === 'identifier') out.set(f.text, (out.get(f.text) ?? 0) + 1);
  }
  return out;
}

/** APIs whose number of calls differs between the versions and that the model does not know. */
export function unmodelledTouchedApis(oldFn: AstNode, newFn: AstNode, callModels?: ReadonlyMap<string, ApiSemantics>): string[] {
  const a = calleeCounts(oldFn);
  const b = calleeCounts(newFn);
  const out: string[] = [];
  for (const name of new Set([...a.keys(), ...b.keys()])) {
    if ((a.get(name) ?? 0) === (b.get(name) ?? 0)) continue;
    if (modelOf(name) || PURE_FUNCTIONS.has(name) || ACCESS_CALLS.has(name) || callModels?.has(name)) continue;
    out.push(name);
  }
  return out.sort();
}

export function judgeFunction(oldFn: AstNode, newFn: AstNode, opts: JudgeOptions): Judgement {
  const unknown = opts.skipTouchedCheck ? [] : unmodelledTouchedApis(oldFn, newFn, opts.callModels);
  const noModel = () => unjudged('no-model', `no model entry for ${unknown.map((n) => `${n}()`).join(', ')}`, newFn.startPosition.row + 1, { old: 0, new: 0 });
  // Compound statements the rewrite changed are opened on both sides (their values are compared, not their text).
  const statements = new Map([[oldFn, compoundStatementTokens(newFn)], [newFn, compoundStatementTokens(oldFn)]]);
  const exec = (fn: AstNode, side: SideOptions | undefined, loopBound: number, maxPaths: number): ExecResult => {
    const o: ExecOptions = {
      canon: opts.canon,
      otherStatements: statements.get(fn)!,
      ...(opts.callModels ? { callModels: opts.callModels } : {}),
      ...(opts.callees ? { callees: opts.callees } : {}),
      ...(side?.initialEnv ? { initialEnv: side.initialEnv } : {}),
      ...(side?.mmioAtEntry ? { mmioAtEntry: side.mmioAtEntry } : {}),
      maxPaths,
      loopBound,
    };
    return executeFunction(fn, o);
  };
  // Two iterations of every loop; one when two give too many paths (long rx/tx loops).
  const limit = opts.maxPaths ?? MAX_PATHS;
  let loopBound = LOOP_BOUND;
  let before = exec(oldFn, opts.old, loopBound, limit);
  let after = before.ok ? exec(newFn, opts.new, loopBound, limit) : before;
  if ((!before.ok && before.kind === 'too-many-paths') || (!after.ok && after.kind === 'too-many-paths')) {
    loopBound = 1;
    before = exec(oldFn, opts.old, loopBound, 2 * limit);
    after = exec(newFn, opts.new, loopBound, 2 * limit);
  }
  for (const [r, which] of [[before, 'old'], [after, 'new']] as const) {
    if (!r.ok) return unjudged(r.kind === 'too-many-paths' ? 'too-many-paths' : 'unsupported', `${which} version: ${r.why}`, r.line, { old: 0, new: 0 });
  }
  if (!before.ok || !after.ok) throw new Error('unreachable');
  const violations = compareFunctionPaths(opts.canon, before.paths, after.paths);
  // With an unmodelled API in the change, only a broken contract or a difference in a modelled operation is a proof.
  if (unknown.length > 0 && !violations.some((v) => SPECIFIC_REASONS.has(v.reason))) return noModel();
  return { verdict: violations.length > 0 ? 'rejected' : 'accepted', violations, paths: { old: before.paths.length, new: after.paths.length }, loopBound };
}

/** Violations that stand even when the change also touches an API without a model entry. */
const SPECIFIC_REASONS: ReadonlySet<string> = new Set([
  ...CONTRACT_REASONS,
  'offset-dropped',
  'offset-doubled',
  'aligned-base-lost',
  'mmio-changed',
  'attrs-changed',
  'direction-changed',
  'size-changed',
  'device-changed',
  'handle-changed',
  'sync-changed',
  'kmap-prot-changed',
  'unmap-target-changed',
  'copy-direction-reversed',
  'flush-lost',
]);

function unjudged(reason: UnjudgedReason, message: string, line: number, paths: { old: number; new: number }): Judgement {
  return { verdict: 'unjudged', violations: [], unjudged: { reason, message, line }, paths };
}
