/**
 * What the target kernel offers. Rules declare the feature their rewrite
 * needs; the pipeline decides from the tree (or --target-version) whether it
 * is there.
 */
export type TargetFeature =
  | 'kmap_local'
  | 'mem_page_helpers'
  | 'bvec_phys'
  | 'dma_map_phys'
  | 'dma_map_ops_map_phys';

export interface FeatureSpec {
  /** First mainline release that has it. */
  readonly since: KernelVersion;
  /** Header (relative to the tree root) and identifier whose presence proves it. */
  readonly header: string;
  readonly symbol: string;
  readonly description: string;
}

export interface KernelVersion {
  readonly major: number;
  readonly minor: number;
}

export const FEATURES: Readonly<Record<TargetFeature, FeatureSpec>> = {
  kmap_local: {
    since: { major: 5, minor: 11 },
    header: 'include/linux/highmem.h',
    symbol: 'kmap_local_page',
    description: 'kmap_local_page()/kunmap_local()',
  },
  mem_page_helpers: {
    since: { major: 5, minor: 12 },
    header: 'include/linux/highmem.h',
    symbol: 'memcpy_from_page',
    description: 'memcpy_{from,to}_page()/memzero_page() in highmem.h',
  },
  bvec_phys: {
    since: { major: 6, minor: 11 },
    header: 'include/linux/bvec.h',
    symbol: 'bvec_phys',
    description: 'bvec_phys()',
  },
  dma_map_phys: {
    since: { major: 6, minor: 18 },
    header: 'include/linux/dma-mapping.h',
    symbol: 'dma_map_phys',
    description: 'dma_map_phys()/dma_unmap_phys() and DMA_ATTR_MMIO',
  },
  dma_map_ops_map_phys: {
    since: { major: 6, minor: 19 },
    header: 'include/linux/dma-map-ops.h',
    symbol: 'map_phys',
    description: 'struct dma_map_ops .map_phys/.unmap_phys',
  },
};

export function parseKernelVersion(text: string): KernelVersion | undefined {
  const m = /^v?(\d+)\.(\d+)(?:\.\d+)?$/.exec(text.trim());
  if (!m) return undefined;
  return { major: Number(m[1]), minor: Number(m[2]) };
}

export function compareVersions(a: KernelVersion, b: KernelVersion): number {
  return a.major !== b.major ? a.major - b.major : a.minor - b.minor;
}

export function formatVersion(v: KernelVersion): string {
  return `${v.major}.${v.minor}`;
}

/** The target the rules rewrite for. */
export interface TargetInfo {
  /** How it was decided. */
  readonly source: 'tree' | 'flag' | 'default';
  /** Kernel version of the tree (from its Makefile), when known. */
  readonly treeVersion?: KernelVersion;
  /** Explicit --target-version. */
  readonly version?: KernelVersion;
  readonly features: Readonly<Record<TargetFeature, boolean>>;
}

export function allFeatures(value: boolean): Record<TargetFeature, boolean> {
  const out = {} as Record<TargetFeature, boolean>;
  for (const key of Object.keys(FEATURES) as TargetFeature[]) out[key] = value;
  return out;
}

export function featuresForVersion(version: KernelVersion): Record<TargetFeature, boolean> {
  const out = {} as Record<TargetFeature, boolean>;
  for (const [key, spec] of Object.entries(FEATURES) as [TargetFeature, FeatureSpec][]) {
    out[key] = compareVersions(version, spec.since) >= 0;
  }
  return out;
}

export function describeTarget(target: TargetInfo): string {
  switch (target.source) {
    case 'flag':
      return `--target-version ${target.version ? formatVersion(target.version) : '?'}`;
    case 'tree':
      return `the kernel tree${target.treeVersion ? ` (${formatVersion(target.treeVersion)})` : ''}`;
    case 'default':
      return 'the newest API (not inside a kernel tree)';
  }
}
