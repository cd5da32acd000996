import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { addMapPhysFields, buildApiOverlay, callMapPhys, overlayNeeded, probeTreeApis } from '../../src/validate/kbuild/api-overlay.js';
import { createCParser } from '../../src/engine/parse/index.js';
import { tempTree } from '../harness/temp-tree.js';

const parser = createCParser();
const parse = (t: string) => parser.parse(t);

/** A tiny tree shaped like 6.12's headers (synthetic, written for this test). */
function oldTree(): string {
  return tempTree('dmv-ov-', {
    'include/linux/dma-mapping.h': '#ifndef _LINUX_DMA_MAPPING_H\n#define _LINUX_DMA_MAPPING_H\n#define DMA_ATTR_PRIVILEGED\t\t(1UL << 9)\ndma_addr_t dma_map_page_attrs(struct device *dev, struct page *page, size_t offset, size_t size, enum dma_data_direction dir, unsigned long attrs);\n#endif\n',
    'include/linux/dma-map-ops.h': 'struct dma_map_ops {\n\tdma_addr_t (*map_page)(struct device *dev, struct page *page,\n\t\t\tunsigned long offset, size_t size,\n\t\t\tenum dma_data_direction dir, unsigned long attrs);\n\tsize_t (*max_mapping_size)(struct device *dev);\n};\n',
    'include/linux/bvec.h': '#ifndef __LINUX_BVEC_H\n#define __LINUX_BVEC_H\nstruct bio_vec { struct page *bv_page; unsigned int bv_len; unsigned int bv_offset; };\n#endif\n',
    'kernel/dma/mapping.c': 'dma_addr_t dma_map_page_attrs(struct device *dev, struct page *page, size_t offset, size_t size, enum dma_data_direction dir, unsigned long attrs)\n{\n\tconst struct dma_map_ops *ops = get_dma_ops(dev);\n\tdma_addr_t addr;\n\n\taddr = ops->map_page(dev, page, offset, size, dir, attrs);\n\treturn addr;\n}\n',
  });
}

describe('API-backport overlay', () => {
  it('probes the headers, not the version', () => {
    const p = probeTreeApis(oldTree());
    expect(p).toEqual({ dmaMapPhys: false, dmaAttrMmio: false, mapPhysOp: false, bvecPhys: false });
    expect(overlayNeeded(p)).toBe(true);
  });

  it('wraps dma-mapping.h: includes the tree\'s own header, then the compat definitions', () => {
    const tree = oldTree();
    const o = buildApiOverlay(tree, probeTreeApis(tree), { core: true });
    expect(o.files.map((f) => f.path)).toEqual(['include/linux/dma-mapping.h', 'include/linux/bvec.h', 'include/linux/dma-map-ops.h', 'kernel/dma/mapping.c']);
    const wrapper = o.files[0]!.content;
    expect(wrapper).toContain(`#include "${path.join(tree, 'include/linux/dma-mapping.h')}"`);
    expect(wrapper).toContain('#define DMA_ATTR_MMIO\t\t(1UL << 10)');
    expect(wrapper).toMatch(/if \(attrs & DMA_ATTR_MMIO\)\n\t\treturn dma_map_resource\(dev, phys, size, dir, attrs & ~DMA_ATTR_MMIO\);/);
    expect(wrapper).toContain('dma_map_page_attrs(dev, pfn_to_page(PHYS_PFN(phys)),');
    // the result parses as C
    expect(parse(wrapper).rootNode.hasError).toBe(false);
  });

  it('leaves out the core change for compile-only builds', () => {
    const tree = oldTree();
    expect(buildApiOverlay(tree, probeTreeApis(tree), { core: false }).files.map((f) => f.path)).toEqual(['include/linux/dma-mapping.h', 'include/linux/bvec.h', 'include/linux/dma-map-ops.h']);
  });

  it('adds only what the tree lacks (a 6.12-like tree has bvec_phys)', () => {
    const tree = oldTree();
    writeFileSync(path.join(tree, 'include/linux/bvec.h'), 'static inline phys_addr_t bvec_phys(const struct bio_vec *bvec) { return 0; }\n');
    const p = probeTreeApis(tree);
    expect(p.bvecPhys).toBe(true);
    const o = buildApiOverlay(tree, p, { core: false });
    expect(o.files.map((f) => f.path)).toEqual(['include/linux/dma-mapping.h', 'include/linux/dma-map-ops.h']);
    const bvec = buildApiOverlay(oldTree(), probeTreeApis(oldTree()), { core: false }).files.find((f) => f.path === 'include/linux/bvec.h')!.content;
    expect(bvec).toContain('return ((phys_addr_t)page_to_pfn(bvec->bv_page) << PAGE_SHIFT) + bvec->bv_offset;');
  });

  it('adds .map_phys/.unmap_phys as the last members of struct dma_map_ops', () => {
    const out = addMapPhysFields('struct other { int map_page; };\nstruct dma_map_ops {\n\tint a;\n};\n', parse);
    expect(out).toMatch(/struct dma_map_ops \{\n\tint a;\n\t\/\* dma-migrate API-backport overlay: the 6\.19 callbacks \*\/\n\tdma_addr_t \(\*map_phys\)/);
    expect(out.startsWith('struct other { int map_page; };')).toBe(true);
    expect(parse(out).rootNode.hasError).toBe(false);
  });

  it('makes the core prefer .map_phys and accept it wherever the old callback is tested', () => {
    const text = [
      'void f(const struct dma_map_ops *ops)',
      '{',
      '\taddr = ops->map_page(dev, page, offset, size, dir, attrs);',
      '\tops->unmap_page(dev, addr, size, dir, attrs);',
      '\tif (ops->map_resource)',
      '\t\taddr = ops->map_resource(dev, phys_addr, size, dir, attrs);',
      '}',
    ].join('\n');
    const out = callMapPhys(text, parse);
    expect(out.split('\n').slice(2, 6)).toEqual([
      '\taddr = (ops->map_phys ? ops->map_phys(dev, page_to_phys(page) + offset, size, dir, attrs) : ops->map_page(dev, page, offset, size, dir, attrs));',
      '\t(ops->unmap_phys ? ops->unmap_phys(dev, addr, size, dir, attrs) : ops->unmap_page(dev, addr, size, dir, attrs));',
      '\tif ((ops->map_phys || ops->map_resource))',
      '\t\taddr = (ops->map_phys ? ops->map_phys(dev, phys_addr, size, dir, (attrs) | DMA_ATTR_MMIO) : ops->map_resource(dev, phys_addr, size, dir, attrs));',
    ]);
  });
});
