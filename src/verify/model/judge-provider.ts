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
import { idTerm, type Term } from './term.js';

export interface ProviderFunctions {
  readonly oldPage?: AstNode;
  readonly oldResource?: AstNode;
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
  if (fns.oldResource) {
    const mmio = pair.kind === 'map' ? [P('phys')] : [];
    results.push(judgeFunction(fns.oldResource, newPhys, { canon, callModels: both, skipTouchedCheck: true, old: { initialEnv: bindParameters(fns.oldResource, args), mmioAtEntry: mmio }, new: { initialEnv: bindParameters(newPhys, args), mmioAtEntry: mmio } }));
  } else if (pair.kind === 'map') {
    results.push(checkRefusesMmio(newPhys, canon, bindParameters(newPhys, args), both, fns.oldPage));
  }
  return combine(results);
}

function checkRefusesMmio(fn: AstNode, canon: Canon, env: Map<string, Term>, callModels: ReadonlyMap<string, ApiSemantics>, oldPage: AstNode | undefined): Judgement {
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
