/**
 * Judge a converted dma_map_ops callback (reference §2.2, §2.5): the new
 * .map_phys provider against the old .map_page one on non-MMIO mappings
 * (phys = page_to_phys(page) + offset, offset in-page), and against the old
 * .map_resource one — or a refusal with DMA_MAPPING_ERROR when there was
 * none — on MMIO mappings. .unmap_phys likewise.
 */
import type { AstNode } from './ast.js';
import type { ApiSemantics } from './apis/api-model.js';
import { Canon } from './canon.js';
import type { Violation } from './compare-traces.js';
import { executeFunction } from './execute.js';
import { judgeFunction, unmodelledTouchedApis, type Judgement } from './judge-function.js';
import { collectVariables } from './locals.js';
import { bindParameters, type ProviderPair } from './providers.js';
import { REJECTION_REASONS, type RejectionReason } from './reasons.js';
import { acquiresResource, releasesResource } from './apis/resources.js';
import type { ModelEvent } from './events.js';
import type { PathTrace } from './execute.js';
import { idTerm, showTerm, symTerm, type Term } from './term.js';

export interface ProviderFunctions {
  readonly oldPage?: AstNode;
  readonly oldResource?: AstNode;
  /** The old resource function as the new file still defines it (the new provider may hand MMIO requests to it). */
  readonly newResource?: AstNode;
  readonly newPhys: AstNode;
}

const P = (name: string) => idTerm(`$${name}`);

export function judgeProvider(pair: ProviderPair, fns: ProviderFunctions, callModels: { old: ReadonlyMap<string, ApiSemantics>; new: ReadonlyMap<string, ApiSemantics> }): Judgement {
  const { newPhys } = fns;
  const line = newPhys.startPosition.row + 1;
  const sig = collectVariables(newPhys).params;
  if (sig.length !== 5 || (pair.kind === 'map' && !/\bphys_addr_t\b/.test(sig[1]?.type ?? ''))) {
    return reject('provider-signature', `${pair.kind === 'map' ? 'map_phys' : 'unmap_phys'} takes (struct device *, ${pair.kind === 'map' ? 'phys_addr_t' : 'dma_addr_t'}, size_t, enum dma_data_direction, unsigned long); this one has ${sig.length} parameters`, line);
  }
  const both = new Map<string, ApiSemantics>([...callModels.old, ...callModels.new]);
  const results: Judgement[] = [];
  const attrs = P('attrs');
  // Non-MMIO mappings: the old page provider.
  if (fns.oldPage) {
    const canon = new Canon({ inPage: new Set([P('offset').key]), attrsMmio: { keys: new Set([attrs.key]), mmio: false } });
    const oldArgs = pair.kind === 'map' ? [P('dev'), P('page'), P('offset'), P('size'), P('dir'), attrs] : [P('dev'), P('handle'), P('size'), P('dir'), attrs];
    const newArgs = pair.kind === 'map'
      ? [P('dev'), canon.add(canon.call('page_to_phys', [P('page')]), P('offset')), P('size'), P('dir'), attrs]
      : [P('dev'), P('handle'), P('size'), P('dir'), attrs];
    results.push(judgeFunction(fns.oldPage, newPhys, { canon, callModels: both, old: { initialEnv: bindParameters(fns.oldPage, oldArgs) }, new: { initialEnv: bindParameters(newPhys, newArgs) } }));
  }
  // MMIO mappings: the old resource provider, or nothing (then the new one must refuse).
  const canon = new Canon({ attrsMmio: { keys: new Set([attrs.key]), mmio: true } });
  const args: Term[] = [P('dev'), pair.kind === 'map' ? P('phys') : P('handle'), P('size'), P('dir'), attrs];
  if (fns.oldResource && fns.newResource && pair.oldResource && calls(newPhys, pair.oldResource)) {
    results.push(checkDispatchesMmio(newPhys, pair, canon, bindParameters(newPhys, args), args, both));
  } else if (fns.oldResource) {
    const mmio = pair.kind === 'map' ? [P('phys')] : [];
    results.push(judgeFunction(fns.oldResource, newPhys, { canon, callModels: both, skipTouchedCheck: true, old: { initialEnv: bindParameters(fns.oldResource, args), mmioAtEntry: mmio }, new: { initialEnv: bindParameters(newPhys, args), mmioAtEntry: mmio } }));
  } else if (pair.kind === 'map') {
    const plain = new Canon({ attrsMmio: { keys: new Set([attrs.key]), mmio: false } });
    results.push(checkRefusesMmio(newPhys, canon, bindParameters(newPhys, args), both, fns.oldPage, plain));
  }
  return combine(results);
}

function checkRefusesMmio(fn: AstNode, canon: Canon, env: Map<string, Term>, callModels: ReadonlyMap<string, ApiSemantics>, oldPage: AstNode | undefined, plain: Canon): Judgement {
  if (oldPage) {
    const unknown = unmodelledTouchedApis(oldPage, fn, callModels);
    if (unknown.length > 0) return { verdict: 'unjudged', violations: [], unjudged: { reason: 'no-model', message: `no model entry for ${unknown.join(', ')}`, line: fn.startPosition.row + 1 }, paths: { old: 0, new: 0 } };
  }
  const r = executeFunction(fn, { canon, callModels, initialEnv: env, mmioAtEntry: [P('phys')] });
  if (!r.ok) return { verdict: 'unjudged', violations: [], unjudged: { reason: r.kind === 'too-many-paths' ? 'too-many-paths' : 'unsupported', message: r.why, line: r.line }, paths: { old: 0, new: 0 } };
  const violations: Violation[] = [];
  for (const p of r.paths) {
    for (const v of p.violations) {
      if (v.reason === 'mmio-cpu-access' && !violations.some((x) => x.reason === v.reason)) violations.push({ reason: 'mmio-cpu-access', message: v.detail, line: v.line, path: p.lines });
    }
  }
  for (const p of r.paths) {
    if (p.end === 'truncated') continue;
    const ret = [...p.events].reverse().find((e) => e.k === 'return');
    const refuses = ret?.k === 'return' && ret.value?.key === 'id:DMA_MAPPING_ERROR';
    const touches = p.events.find((e) => e.k === 'kmap' || e.k === 'dma-map') ?? p.violations.find((v) => v.reason === 'mmio-cpu-access');
    if (!refuses || touches) {
      violations.push({ reason: 'mmio-not-rejected', message: `with DMA_ATTR_MMIO this path ${refuses ? 'touches the memory before refusing' : 'does not return DMA_MAPPING_ERROR'}, and the ops had no .map_resource`, line: ret?.line ?? p.lines[p.lines.length - 1] ?? 0, path: p.lines });
      break;
    }
  }
  if (violations.length === 0) {
    const late = refusalAfterAcquire(fn, r.paths, plain, env, callModels);
    if (late) violations.push(late);
  }
  return { verdict: violations.length > 0 ? 'rejected' : 'accepted', violations, paths: { old: 0, new: r.paths.length } };
}

/**
 * The MMIO refusal must come before the provider acquires anything: the
 * 6.18 core refused MMIO for a legacy provider without calling it, so an
 * IOVA, table entry, lock or reference taken before the refusal and not
 * given back leaks on every MMIO request. An MMIO path refuses because of
 * MMIO when no plain (non-MMIO) path takes the same branch decisions and
 * ends at the same return (an allocation that failed refuses on plain paths
 * too); the refusal point is where its events leave those of every plain
 * path with its decisions. What it acquired before that point and does not
 * give back afterwards leaks.
 */
function refusalAfterAcquire(fn: AstNode, mmioPaths: readonly PathTrace[], plain: Canon, env: Map<string, Term>, callModels: ReadonlyMap<string, ApiSemantics>): Violation | undefined {
  const r = executeFunction(fn, { canon: plain, callModels, initialEnv: env });
  if (!r.ok) return undefined;
  const sig = (e: ModelEvent) => `${e.k}|${e.api}|${e.line}`;
  for (const p of mmioPaths) {
    if (p.end === 'truncated') continue;
    const ret = p.events[p.events.length - 1];
    const same = (q: PathTrace) => q.decisions.length >= p.decisions.length && p.decisions.every((d, i) => q.decisions[i] === d);
    const alike = r.paths.filter(same);
    if (alike.some((q) => q.decisions.length === p.decisions.length && q.events.length > 0 && sig(q.events[q.events.length - 1]!) === (ret ? sig(ret) : ''))) continue;
    let split = 0;
    for (const q of alike) {
      let n = 0;
      while (n < p.events.length && n < q.events.length && sig(p.events[n]!) === sig(q.events[n]!)) n++;
      split = Math.max(split, n);
    }
    const held: { name: string; line: number }[] = [];
    p.events.forEach((e, i) => {
      for (const name of calledNames(e)) {
        if (i < split && acquiresResource(name)) held.push({ name, line: e.line });
        else if (releasesResource(name) && held.length > 0) held.pop();
      }
    });
    const leak = held[0];
    if (leak) {
      const at = p.events[split]?.line ?? leak.line;
      return {
        reason: 'mmio-refused-after-acquire',
        message: `with DMA_ATTR_MMIO this path calls ${leak.name}() at line ${leak.line} and refuses only after it (line ${at}) without giving it back: check DMA_ATTR_MMIO first`,
        line: at,
        path: p.lines,
      };
    }
  }
  return undefined;
}

function calledNames(e: ModelEvent): readonly string[] {
  if (e.k === 'call') return [e.api];
  if (e.k === 'block') return e.calls ?? [];
  return [];
}

function calls(fn: AstNode, name: string): boolean {
  return fn.descendantsOfType('call_expression').some((c) => {
    const f = c.childForFieldName('function');
    return f?.type === 'identifier' && f.text === name;
  });
}

/**
 * The new provider hands MMIO requests to the old resource function, which
 * the new file keeps (unchanged, or judged as a function of its own): what
 * the 6.18 core did for such ops, `return ops->map_resource(dev, phys, size,
 * dir, attrs)` (`ops->unmap_resource(...)` for unmap). Every MMIO path must
 * make that call once, with the provider's own arguments, and return its
 * result (map) or nothing (unmap). Before it only plain calls may run (the
 * accessors of the declarations above the dispatch): no store, no mapping,
 * no context change, no call the model knows to sleep or fault; nothing
 * after it.
 */
function checkDispatchesMmio(fn: AstNode, pair: ProviderPair, canon: Canon, env: Map<string, Term>, args: readonly Term[], callModels: ReadonlyMap<string, ApiSemantics>): Judgement {
  const mmio = pair.kind === 'map' ? [P('phys')] : [];
  const r = executeFunction(fn, { canon, callModels, initialEnv: env, mmioAtEntry: mmio });
  if (!r.ok) return { verdict: 'unjudged', violations: [], unjudged: { reason: r.kind === 'too-many-paths' ? 'too-many-paths' : 'unsupported', message: r.why, line: r.line }, paths: { old: 0, new: 0 } };
  // Calling the old resource function is this call event (providerCallModels).
  const api = `${pair.ops}.${pair.kind}`;
  const expected = [...args.slice(0, 4), canon.bitOr(args[4]!, canon.id('DMA_ATTR_MMIO'))].map((t) => t.key).join(',');
  const result = symTerm('ret', `${api}#1`).key;
  const violations: Violation[] = [];
  const add = (v: Violation) => {
    if (!violations.some((x) => x.reason === v.reason && x.line === v.line)) violations.push(v);
  };
  const who = `${pair.oldResource}()`;
  for (const p of r.paths) {
    for (const v of p.violations) if (v.reason in REJECTION_REASONS) add({ reason: v.reason as RejectionReason, message: v.detail, line: v.line, path: p.lines });
    if (p.end === 'truncated') continue;
    const events = p.events;
    const last = p.lines[p.lines.length - 1] ?? 0;
    const d = events.findIndex((e) => e.k === 'call' && e.api === api);
    if (d === -1) {
      add({ reason: 'mmio-not-dispatched', message: `with DMA_ATTR_MMIO this path does not call ${who}`, line: last, path: p.lines });
      continue;
    }
    const call = events[d]!;
    const before = events.slice(0, d).find((e) => e.k !== 'call' || e.effect !== undefined || e.context !== undefined || e.helper !== undefined);
    if (before) {
      add({ reason: 'mmio-not-dispatched', message: `with DMA_ATTR_MMIO this path runs ${before.api === '=' ? 'a store' : before.k === 'block' ? `the ${before.api.replace(/_/g, ' ')} at line ${before.line}` : `${before.api}()`} before calling ${who}`, line: before.line, path: p.lines });
      continue;
    }
    if (call.k === 'call' && call.args.map((t) => t.key).join(',') !== expected) {
      add({ reason: 'mmio-not-dispatched', message: `${who} is called with (${call.args.map(showTerm).join(', ')}), not with the provider's own arguments`, line: call.line, path: p.lines });
      continue;
    }
    const after = events.slice(d + 1);
    const ok = pair.kind === 'map'
      ? after.length === 1 && after[0]!.k === 'return' && after[0]!.value?.key === result
      : after.every((e) => e.k === 'return' && e.value === undefined);
    if (!ok) {
      const extra = after.find((e) => !(e.k === 'return' && (pair.kind === 'map' ? e.value?.key === result : e.value === undefined)));
      add({ reason: 'mmio-not-dispatched', message: extra ? `with DMA_ATTR_MMIO this path ${extra.k === 'return' ? `returns ${extra.value ? showTerm(extra.value) : 'nothing'}` : `runs ${extra.api}()`} after calling ${who}` : `with DMA_ATTR_MMIO this path does not return the result of ${who}`, line: extra?.line ?? call.line, path: p.lines });
    }
  }
  return { verdict: violations.length > 0 ? 'rejected' : 'accepted', violations, paths: { old: 0, new: r.paths.length } };
}

function reject(reason: 'provider-signature', message: string, line: number): Judgement {
  return { verdict: 'rejected', violations: [{ reason, message, line, path: [] }], paths: { old: 0, new: 0 } };
}

function combine(results: readonly Judgement[]): Judgement {
  const violations = results.flatMap((r) => r.violations);
  const unj = results.find((r) => r.verdict === 'unjudged');
  const paths = { old: results.reduce((n, r) => n + r.paths.old, 0), new: results.reduce((n, r) => n + r.paths.new, 0) };
  if (violations.length > 0) return { verdict: 'rejected', violations, paths };
  if (unj) return { ...unj, paths };
  return { verdict: 'accepted', violations: [], paths };
}
