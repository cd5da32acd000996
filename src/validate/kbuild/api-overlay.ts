/**
 * The API-backport overlay for validation builds of trees older than the API
 * a rewrite targets (Debian's 6.12 has no dma_map_phys, DMA_ATTR_MMIO or
 * .map_phys). It exists only in a scratch shadow of the tree, never in a
 * patch: compat definitions appended to <linux/dma-mapping.h> through a
 * wrapper that includes the tree's own header, the two 6.19 callbacks added
 * to struct dma_map_ops, and (for kernels that run) the minimal core change
 * that calls them. Whether each piece is needed is decided by reading the
 * tree's headers, not by its version number. Edits come from syntax nodes.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { SourceAccessError } from '../../core/errors.js';
import type { SyntaxNode } from '../../core/syntax.js';
import type { TextEdit } from '../../core/types.js';
import { callArguments } from '../../engine/analyze/index.js';
import { createCParser } from '../../engine/parse/index.js';
import { spliceEdits } from '../../core/splice-edits.js';

export interface ApiProbe {
  /** <linux/dma-mapping.h> declares dma_map_phys() (6.18+). */
  readonly dmaMapPhys: boolean;
  /** DMA_ATTR_MMIO is defined (6.18+). */
  readonly dmaAttrMmio: boolean;
  /** struct dma_map_ops has .map_phys (6.19+). */
  readonly mapPhysOp: boolean;
  /** <linux/bvec.h> has bvec_phys() (6.11+), which the DMA rewrite's bvec idiom uses. */
  readonly bvecPhys: boolean;
}

export interface OverlayFile {
  /** Tree-relative path the overlay replaces in the shadow. */
  readonly path: string;
  readonly content: string;
  readonly why: string;
}

export interface ApiOverlay {
  readonly files: readonly OverlayFile[];
  /** Identifies the overlay's content (part of build cache keys). */
  readonly key: string;
}

const DMA_MAPPING = 'include/linux/dma-mapping.h';
const DMA_MAP_OPS = 'include/linux/dma-map-ops.h';
const BVEC = 'include/linux/bvec.h';
const CORE_FILES = ['kernel/dma/mapping.c', 'kernel/dma/ops_helpers.c'];

export function probeTreeApis(tree: string): ApiProbe {
  const read = (rel: string) => {
    const p = path.join(tree, rel);
    if (!existsSync(p)) throw new SourceAccessError(`${tree} has no ${rel}: not a kernel tree?`);
    return readFileSync(p, 'utf8');
  };
  const mapping = read(DMA_MAPPING);
  const ops = read(DMA_MAP_OPS);
  const bvec = existsSync(path.join(tree, BVEC)) ? read(BVEC) : '';
  return {
    dmaMapPhys: /\bdma_map_phys\s*\(/.test(mapping),
    dmaAttrMmio: /#\s*define\s+DMA_ATTR_MMIO\b/.test(mapping),
    mapPhysOp: /\(\s*\*\s*map_phys\s*\)/.test(ops),
    bvecPhys: /\bbvec_phys\s*\(/.test(bvec),
  };
}

export function overlayNeeded(probe: ApiProbe): boolean {
  return describeProbe(probe).length > 0;
}

/** What the overlay adds, for reports. */
export function describeProbe(probe: ApiProbe): string[] {
  const lacks: string[] = [];
  if (!probe.dmaMapPhys) lacks.push('dma_map_phys/dma_unmap_phys');
  if (!probe.dmaAttrMmio) lacks.push('DMA_ATTR_MMIO');
  if (!probe.mapPhysOp) lacks.push('dma_map_ops .map_phys/.unmap_phys');
  if (!probe.bvecPhys) lacks.push('bvec_phys');
  return lacks;
}

/**
 * Build the overlay for `tree` (whose files are read, never written).
 * `core`: also patch kernel/dma so a running kernel calls .map_phys (boot tests).
 */
export function buildApiOverlay(tree: string, probe: ApiProbe, opts: { core: boolean }): ApiOverlay {
  const files: OverlayFile[] = [];
  if (!probe.dmaMapPhys || !probe.dmaAttrMmio) {
    files.push({ path: DMA_MAPPING, content: dmaMappingWrapper(path.join(tree, DMA_MAPPING), probe), why: `adds ${describeProbe({ ...probe, mapPhysOp: true, bvecPhys: true }).join(', ')}` });
  }
  if (!probe.bvecPhys && existsSync(path.join(tree, BVEC))) {
    files.push({ path: BVEC, content: bvecWrapper(path.join(tree, BVEC)), why: 'adds bvec_phys' });
  }
  if (!probe.mapPhysOp) {
    const parser = createCParser();
    files.push({ path: DMA_MAP_OPS, content: addMapPhysFields(readFileSync(path.join(tree, DMA_MAP_OPS), 'utf8'), parser.parse.bind(parser)), why: 'adds .map_phys/.unmap_phys to struct dma_map_ops' });
    if (opts.core) {
      for (const rel of CORE_FILES) {
        const p = path.join(tree, rel);
        if (!existsSync(p)) continue;
        const text = readFileSync(p, 'utf8');
        const out = callMapPhys(text, parser.parse.bind(parser));
        if (out !== text) files.push({ path: rel, content: out, why: 'calls .map_phys/.unmap_phys when a provider has them' });
      }
    }
  }
  const key = createHash('sha256').update(JSON.stringify(files)).digest('hex').slice(0, 16);
  return { files, key };
}

function dmaMappingWrapper(original: string, probe: ApiProbe): string {
  const parts = [
    '/* SPDX-License-Identifier: GPL-2.0 */',
    '/*',
    ' * dma-migrate API-backport overlay, for validation builds only (never part',
    " * of a patch): this tree's <linux/dma-mapping.h> lacks the phys-based DMA",
    ' * API of 6.18. Include it, then add compat definitions with its semantics.',
    ' */',
    '#ifndef _DMA_MIGRATE_OVERLAY_DMA_MAPPING_H',
    '#define _DMA_MIGRATE_OVERLAY_DMA_MAPPING_H',
    '',
    `#include "${original}"`,
    '',
  ];
  if (!probe.dmaAttrMmio) {
    parts.push('/* 6.18: the address is MMIO (a resource), not RAM */', '#define DMA_ATTR_MMIO\t\t(1UL << 10)', '');
  }
  parts.push('#ifndef phys_to_page', '#define phys_to_page(phys)\tpfn_to_page(PHYS_PFN(phys))', '#endif', '');
  if (!probe.dmaMapPhys) {
    parts.push(
      '#ifdef CONFIG_HAS_DMA',
      '/* 6.18 semantics: MMIO goes the resource path, RAM the page path */',
      'static inline dma_addr_t dma_map_phys(struct device *dev, phys_addr_t phys,',
      '\t\tsize_t size, enum dma_data_direction dir, unsigned long attrs)',
      '{',
      '\tif (attrs & DMA_ATTR_MMIO)',
      '\t\treturn dma_map_resource(dev, phys, size, dir, attrs & ~DMA_ATTR_MMIO);',
      '\treturn dma_map_page_attrs(dev, pfn_to_page(PHYS_PFN(phys)),',
      '\t\t\toffset_in_page(phys), size, dir, attrs);',
      '}',
      '',
      'static inline void dma_unmap_phys(struct device *dev, dma_addr_t addr,',
      '\t\tsize_t size, enum dma_data_direction dir, unsigned long attrs)',
      '{',
      '\tif (attrs & DMA_ATTR_MMIO)',
      '\t\tdma_unmap_resource(dev, addr, size, dir, attrs & ~DMA_ATTR_MMIO);',
      '\telse',
      '\t\tdma_unmap_page_attrs(dev, addr, size, dir, attrs);',
      '}',
      '#else',
      'static inline dma_addr_t dma_map_phys(struct device *dev, phys_addr_t phys,',
      '\t\tsize_t size, enum dma_data_direction dir, unsigned long attrs)',
      '{',
      '\treturn DMA_MAPPING_ERROR;',
      '}',
      '',
      'static inline void dma_unmap_phys(struct device *dev, dma_addr_t addr,',
      '\t\tsize_t size, enum dma_data_direction dir, unsigned long attrs)',
      '{',
      '}',
      '#endif /* CONFIG_HAS_DMA */',
      '',
    );
  }
  parts.push('#endif /* _DMA_MIGRATE_OVERLAY_DMA_MAPPING_H */', '');
  return parts.join('\n');
}

function bvecWrapper(original: string): string {
  return [
    '/* SPDX-License-Identifier: GPL-2.0 */',
    '/*',
    ' * dma-migrate API-backport overlay, for validation builds only (never part',
    " * of a patch): this tree's <linux/bvec.h> lacks bvec_phys() (6.11).",
    ' */',
    '#ifndef _DMA_MIGRATE_OVERLAY_BVEC_H',
    '#define _DMA_MIGRATE_OVERLAY_BVEC_H',
    '',
    `#include "${original}"`,
    '',
    'static inline phys_addr_t bvec_phys(const struct bio_vec *bvec)',
    '{',
    '\treturn ((phys_addr_t)page_to_pfn(bvec->bv_page) << PAGE_SHIFT) + bvec->bv_offset;',
    '}',
    '',
    '#endif /* _DMA_MIGRATE_OVERLAY_BVEC_H */',
    '',
  ].join('\n');
}

type Parse = (text: string) => { rootNode: SyntaxNode };

const MAP_PHYS_FIELDS = [
  '\t/* dma-migrate API-backport overlay: the 6.19 callbacks */',
  '\tdma_addr_t (*map_phys)(struct device *dev, phys_addr_t phys, size_t size,',
  '\t\t\tenum dma_data_direction dir, unsigned long attrs);',
  '\tvoid (*unmap_phys)(struct device *dev, dma_addr_t dma_handle,',
  '\t\t\tsize_t size, enum dma_data_direction dir,',
  '\t\t\tunsigned long attrs);',
  '',
].join('\n');

/** Insert the two 6.19 callbacks at the end of struct dma_map_ops. */
export function addMapPhysFields(text: string, parse: Parse): string {
  const root = parse(text).rootNode;
  const spec = root.descendantsOfType('struct_specifier').find((s) => s.childForFieldName('name')?.text === 'dma_map_ops' && s.childForFieldName('body'));
  const close = spec?.childForFieldName('body')?.lastChild;
  if (!close || close.type !== '}') throw new SourceAccessError(`${DMA_MAP_OPS}: struct dma_map_ops not found; cannot apply the API-backport overlay`);
  // insert at the start of the closing brace's line
  const lineStart = text.lastIndexOf('\n', close.startIndex - 1) + 1;
  return spliceEdits(text, [{ range: { start: lineStart, end: lineStart }, text: MAP_PHYS_FIELDS }]);
}

const CALLBACKS: Readonly<Record<string, { phys: string; mmio: boolean; page: boolean }>> = {
  map_page: { phys: 'map_phys', mmio: false, page: true },
  unmap_page: { phys: 'unmap_phys', mmio: false, page: false },
  map_resource: { phys: 'map_phys', mmio: true, page: false },
  unmap_resource: { phys: 'unmap_phys', mmio: true, page: false },
};

/**
 * The minimal core change: every call through `ops->map_page(...)` (and the
 * unmap and resource callbacks) prefers `ops->map_phys` when the provider has
 * it, and every test of the old callback also accepts the new one.
 */
export function callMapPhys(text: string, parse: Parse): string {
  const root = parse(text).rootNode;
  const edits: TextEdit[] = [];
  for (const fe of root.descendantsOfType('field_expression')) {
    const field = fe.childForFieldName('field')?.text ?? '';
    const cb = CALLBACKS[field];
    const obj = fe.childForFieldName('argument');
    if (!cb || !obj) continue;
    const ops = obj.text;
    const parent = fe.parent;
    if (parent?.type === 'call_expression' && parent.childForFieldName('function')?.id === fe.id) {
      const args = callArguments(parent).map((a) => a.text);
      let phys: string[];
      if (cb.page && args.length === 6) phys = [args[0]!, `page_to_phys(${args[1]}) + ${args[2]}`, ...args.slice(3)];
      else if (!cb.page && args.length === 5) phys = cb.mmio ? [...args.slice(0, 4), `(${args[4]}) | DMA_ATTR_MMIO`] : args;
      else continue;
      edits.push({ range: { start: parent.startIndex, end: parent.endIndex }, text: `(${ops}->${cb.phys} ? ${ops}->${cb.phys}(${phys.join(', ')}) : ${parent.text})` });
    } else {
      edits.push({ range: { start: fe.startIndex, end: fe.endIndex }, text: `(${ops}->${cb.phys} || ${fe.text})` });
    }
  }
  return edits.length ? spliceEdits(text, edits) : text;
}
