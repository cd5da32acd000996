/**
 * Kernel tree detection: the tree root (a Makefile with VERSION and
 * PATCHLEVEL), its version, and which target APIs its headers declare.
 */
import { statSync } from 'node:fs';
import path from 'node:path';
import { ControlFileError, readControlFile, readControlFileIfPresent } from '../../core/control-file.js';
import {
  FEATURES,
  allFeatures,
  featuresForVersion,
  type KernelVersion,
  type TargetFeature,
  type TargetInfo,
} from '../../core/target.js';

export interface KernelTree {
  readonly root: string;
  readonly version?: KernelVersion;
}

/** A header the target probe reads (dma-mapping.h, highmem.h) is a few tens of KB. */
const HEADER_MAX_BYTES = 4 * 1024 * 1024;

function isDirectory(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}

const VERSION_RE = /^VERSION\s*=\s*(\d+)\s*$/m;
const PATCHLEVEL_RE = /^PATCHLEVEL\s*=\s*(\d+)\s*$/m;

/** Read a top-level kernel Makefile's version, or undefined when `dir` is not a kernel tree root. */
export function readKernelMakefile(dir: string): KernelVersion | undefined {
  const makefile = path.join(dir, 'Makefile');
  let text: string;
  try {
    text = readControlFile(makefile);
  } catch (err) {
    // No Makefile (or a directory of that name) here: not a tree root (callers walk up). A FIFO, device or huge file: refused.
    if (err instanceof ControlFileError && (err.why === 'missing' || (err.why === 'not-regular' && isDirectory(makefile)))) return undefined;
    throw err;
  }
  const major = VERSION_RE.exec(text);
  const minor = PATCHLEVEL_RE.exec(text);
  if (!major || !minor) return undefined;
  return { major: Number(major[1]), minor: Number(minor[1]) };
}

/** The innermost enclosing kernel tree of `start` (a file or directory), if any. */
export function findKernelTree(start: string): KernelTree | undefined {
  let dir = path.resolve(start);
  try {
    if (!statSync(dir).isDirectory()) dir = path.dirname(dir);
  } catch {
    dir = path.dirname(dir);
  }
  for (;;) {
    const version = readKernelMakefile(dir);
    if (version) return { root: dir, version };
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

/** Which features the tree's own headers declare (decided by the headers, not the version number). */
export function probeTreeFeatures(root: string, version?: KernelVersion): Record<TargetFeature, boolean> {
  const out = allFeatures(false);
  // A tree without the header (a driver repository, a sparse checkout): its Makefile's version decides.
  const byVersion = version ? featuresForVersion(version) : undefined;
  // A header's text, or null when the tree does not have it.
  const cache = new Map<string, string | null>();
  for (const [feature, spec] of Object.entries(FEATURES) as [TargetFeature, (typeof FEATURES)[TargetFeature]][]) {
    const file = path.join(root, spec.header);
    let text = cache.get(file);
    if (text === undefined) {
      text = readControlFileIfPresent(file, HEADER_MAX_BYTES) ?? null;
      cache.set(file, text);
    }
    out[feature] = text === null && byVersion ? byVersion[feature] : new RegExp(`\\b${spec.symbol}\\b`).test(text ?? '');
  }
  return out;
}

/**
 * Decide the target: --target-version wins; inside a kernel tree, its headers
 * decide; outside any tree, assume the newest API.
 */
export function resolveTarget(tree: KernelTree | undefined, flagVersion: KernelVersion | undefined): TargetInfo {
  if (flagVersion) {
    return {
      source: 'flag',
      version: flagVersion,
      ...(tree?.version ? { treeVersion: tree.version } : {}),
      features: featuresForVersion(flagVersion),
    };
  }
  if (tree) {
    return { source: 'tree', ...(tree.version ? { treeVersion: tree.version } : {}), features: probeTreeFeatures(tree.root, tree.version) };
  }
  return { source: 'default', features: allFeatures(true) };
}
