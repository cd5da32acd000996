/**
 * Rewrites for a newer kernel than the tree (--target-version past it) use
 * an API the tree's own headers lack: they do not build on that base. Which
 * of a run's converted rules are in that case, with the API they need.
 */
import type { FileOutcome } from '../../core/outcome.js';
import type { Rule } from '../../core/rule.js';
import { FEATURES, formatVersion, type TargetInfo } from '../../core/target.js';
import { probeTreeFeatures, type KernelTree } from './kernel-tree.js';

export interface Unbuildable {
  readonly ruleId: string;
  /** "dma_map_phys()/dma_unmap_phys() and DMA_ATTR_MMIO (6.18+)". */
  readonly needs: string;
  readonly sites: number;
}

export function unbuildableOnBase(run: { readonly tree?: KernelTree; readonly target: TargetInfo; readonly rules: readonly Rule[]; readonly files: readonly FileOutcome[] }): Unbuildable[] {
  if (!run.tree || run.target.source !== 'flag') return [];
  const base = probeTreeFeatures(run.tree.root, run.tree.version);
  const out: Unbuildable[] = [];
  for (const rule of run.rules) {
    const feature = rule.meta.requires;
    if (!feature || base[feature] || !run.target.features[feature]) continue;
    const sites = run.files.reduce((n, f) => n + f.findings.filter((x) => x.ruleId === rule.meta.id && x.status === 'convert').length, 0);
    if (sites > 0) out.push({ ruleId: rule.meta.id, needs: `${FEATURES[feature].description} (${formatVersion(FEATURES[feature].since)}+)`, sites });
  }
  return out;
}

/** One sentence for all of them. */
export function describeUnbuildable(list: readonly Unbuildable[], tree: KernelTree | undefined): string {
  const base = tree?.version ? `the base tree (${formatVersion(tree.version)})` : 'the base tree';
  const parts = list.map((u) => `${u.sites} ${u.ruleId} site${u.sites === 1 ? '' : 's'} use ${u.needs}`);
  return `${parts.join('; ')}, which ${base} lacks: those changes do not build on it (--target-version is past the tree)`;
}
