import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { findKernelTree, probeTreeFeatures, resolveTarget } from '../../src/engine/discover/kernel-tree.js';

function fakeTree(withPhys: boolean): string {
  const root = mkdtempSync(path.join(tmpdir(), 'dma-migrate-tree-'));
  writeFileSync(path.join(root, 'Makefile'), 'VERSION = 6\nPATCHLEVEL = 12\nSUBLEVEL = 0\n');
  mkdirSync(path.join(root, 'include', 'linux'), { recursive: true });
  mkdirSync(path.join(root, 'drivers', 'x'), { recursive: true });
  writeFileSync(
    path.join(root, 'include', 'linux', 'dma-mapping.h'),
    withPhys ? 'dma_addr_t dma_map_phys(struct device *dev, phys_addr_t phys, size_t size, enum dma_data_direction dir, unsigned long attrs);\n' : 'dma_addr_t dma_map_page_attrs(void);\n',
  );
  writeFileSync(path.join(root, 'include', 'linux', 'highmem.h'), 'static inline void *kmap_local_page(struct page *page);\n');
  return root;
}

describe('kernel tree', () => {
  it('finds the tree root and version from a file deep inside', () => {
    const root = fakeTree(false);
    expect(findKernelTree(path.join(root, 'drivers', 'x'))).toEqual({ root, version: { major: 6, minor: 12 } });
  });
  it('decides target features from the tree\'s headers, not its version', () => {
    expect(probeTreeFeatures(fakeTree(false))).toMatchObject({ dma_map_phys: false, kmap_local: true, dma_map_ops_map_phys: false });
    expect(probeTreeFeatures(fakeTree(true))).toMatchObject({ dma_map_phys: true, kmap_local: true });
  });
  it('lets --target-version override the tree, and assumes the newest API outside a tree', () => {
    const tree = findKernelTree(fakeTree(false))!;
    expect(resolveTarget(tree, { major: 6, minor: 19 }).features).toMatchObject({ dma_map_phys: true, dma_map_ops_map_phys: true });
    expect(resolveTarget(tree, { major: 6, minor: 18 }).features).toMatchObject({ dma_map_phys: true, dma_map_ops_map_phys: false });
    expect(resolveTarget(undefined, undefined)).toMatchObject({ source: 'default', features: { dma_map_phys: true } });
  });
});
