/**
 * The mutation catalogue: deliberately wrong rewrites of correct ones. Each
 * mutant takes the after.c of a corpus case (corpus/<rule>/<case>) or of a
 * model fixture (test/model/fixtures/<name>: hand-written rewrites of the
 * shapes other rules produce: kmap/kunmap, the memcpy_*_page helpers,
 * pagefault_disable(), dma_map_ops providers), applies exact text
 * substitutions, and names the reason the model must give first.
 */
import type { RejectionReason } from '../../src/verify/index.js';

export interface Mutant {
  readonly id: string;
  /** `corpus/<rule>/<case>` or `fixtures/<name>`. */
  readonly base: string;
  /** Substitutions in the base's after.c; each `from` must occur exactly once. */
  readonly edits: readonly (readonly [from: string, to: string])[];
  readonly expect: RejectionReason;
  readonly why: string;
}

const COMBINED = 'corpus/_combined/dma-and-kmap';

export const MUTANTS: readonly Mutant[] = [
  // ---- physical addresses (reference §1.9, §5) --------------------------------
  {
    id: 'offset-dropped',
    base: 'corpus/dma-map-page-to-phys/basic-tx-rx',
    edits: [['page_to_phys(buf->page) + buf->page_offset,', 'page_to_phys(buf->page),']],
    expect: 'offset-dropped',
    why: 'dma_map_page(page, off) is page_to_phys(page) + off, not the page base',
  },
  {
    id: 'offset-doubled',
    base: 'corpus/dma-map-page-to-phys/basic-tx-rx',
    edits: [['page_to_phys(buf->page) + buf->page_offset,', 'page_to_phys(buf->page) + buf->page_offset + buf->page_offset,']],
    expect: 'offset-doubled',
    why: 'the offset is added once',
  },
  {
    id: 'sg-phys-offset-dropped',
    base: 'corpus/dma-map-page-to-phys/idioms',
    edits: [['sg_phys(sg)', 'page_to_phys(sg_page(sg))']],
    expect: 'offset-dropped',
    why: 'sg_phys() includes sg->offset',
  },
  {
    id: 'bvec-offset-doubled',
    base: 'corpus/dma-map-page-to-phys/idioms',
    edits: [['bvec_phys(&bv)', 'bvec_phys(&bv) + bv.bv_offset']],
    expect: 'offset-doubled',
    why: 'bvec_phys() already includes bv_offset',
  },
  {
    id: 'phys-masked',
    base: 'corpus/dma-map-page-to-phys/idioms',
    edits: [['dma_map_phys(dev, p, 128', 'dma_map_phys(dev, p & PAGE_MASK, 128']],
    expect: 'offset-dropped',
    why: 'phys_to_page(p), offset_in_page(p) is p itself, not its page base',
  },
  {
    id: 'aligned-base-gains-offset',
    base: 'corpus/dma-map-page-to-phys/offset-expressions',
    edits: [['out[3] = dma_map_phys(dev, page_to_phys(page), PAGE_SIZE', 'out[3] = dma_map_phys(dev, page_to_phys(page) + i * 256, PAGE_SIZE']],
    expect: 'aligned-base-lost',
    why: 'a zero offset maps the page base',
  },
  {
    id: 'offset-from-other-slot',
    base: 'corpus/dma-map-page-to-phys/long-line-wrap',
    edits: [['desc->offsets[idx],\n', 'desc->offsets[0],\n']],
    expect: 'phys-changed',
    why: 'the offset belongs to the same ring slot as the page',
  },
  // ---- direction, size, attributes, MMIO (reference §1.4, §1.5) ----------------
  {
    id: 'direction-swapped',
    base: 'corpus/dma-map-page-to-phys/basic-tx-rx',
    edits: [['priv->rx_buf_len, DMA_FROM_DEVICE, 0);\n\tif', 'priv->rx_buf_len, DMA_TO_DEVICE, 0);\n\tif']],
    expect: 'direction-changed',
    why: 'an rx buffer is DMA_FROM_DEVICE',
  },
  {
    id: 'define-body-offset-lost',
    base: 'corpus/dma-map-page-to-phys/define-body',
    edits: [['dma_map_phys((q)->dev, page_to_phys(pg), PAGE_SIZE', 'dma_map_phys((q)->dev, page_to_phys(pg) + PAGE_SIZE / 2, PAGE_SIZE']],
    expect: 'aligned-base-lost',
    why: 'a rewrite inside a #define body is judged like one in a function: the zero offset maps the page base',
  },
  {
    id: 'unmap-direction-swapped-after-damaged-function',
    base: 'fixtures/after-damaged-function',
    edits: [['dma_unmap_phys(dev, addr, len, DMA_TO_DEVICE, 0);', 'dma_unmap_phys(dev, addr, len, DMA_FROM_DEVICE, 0);']],
    expect: 'direction-changed',
    why: 'a clean function that tree-sitter wrapped in the ERROR node of the damaged one before it is judged like any other',
  },
  {
    id: 'unmap-direction-swapped',
    base: 'corpus/dma-map-page-to-phys/zero-offset',
    edits: [['dma_unmap_phys(dev, addr, PAGE_SIZE, DMA_BIDIRECTIONAL, 0);', 'dma_unmap_phys(dev, addr, PAGE_SIZE, DMA_TO_DEVICE, 0);']],
    expect: 'direction-changed',
    why: 'the unmap keeps the direction of the old call',
  },
  {
    id: 'size-changed',
    base: 'corpus/dma-map-page-to-phys/crlf-line-endings',
    edits: [['page_to_phys(page) + off, 64,', 'page_to_phys(page) + off, 128,']],
    expect: 'size-changed',
    why: 'the mapped length is the old one',
  },
  {
    id: 'attrs-lost',
    base: 'corpus/dma-map-page-to-phys/attrs-present',
    edits: [['DMA_ATTR_SKIP_CPU_SYNC | DMA_ATTR_WEAK_ORDERING);', '0);']],
    expect: 'attrs-changed',
    why: 'dma_map_page_attrs() attributes carry over to dma_map_phys()',
  },
  {
    id: 'unmap-attrs-lost',
    base: 'corpus/dma-map-page-to-phys/attrs-present',
    edits: [['dma_unmap_phys(dev, addr, len, dir, DMA_ATTR_SKIP_CPU_SYNC);', 'dma_unmap_phys(dev, addr, len, dir, 0);']],
    expect: 'attrs-changed',
    why: 'skipping the CPU sync on unmap is part of the old call',
  },
  {
    id: 'resource-attr-lost',
    base: 'corpus/dma-map-resource-to-phys/attrs-variable',
    edits: [['attrs | DMA_ATTR_NO_WARN | DMA_ATTR_MMIO', 'attrs | DMA_ATTR_MMIO']],
    expect: 'attrs-changed',
    why: 'the caller\'s attributes are or\'ed with DMA_ATTR_MMIO, not replaced',
  },
  {
    id: 'mmio-dropped',
    base: 'corpus/dma-map-resource-to-phys/basic',
    edits: [['DMA_BIDIRECTIONAL, DMA_ATTR_MMIO);\n\tif', 'DMA_BIDIRECTIONAL, 0);\n\tif']],
    expect: 'mmio-changed',
    why: 'dma_map_resource() is dma_map_phys() with DMA_ATTR_MMIO',
  },
  {
    id: 'unmap-mmio-dropped',
    base: 'corpus/dma-map-resource-to-phys/basic',
    edits: [['dma_unmap_phys(c->dev, addr, 4, DMA_BIDIRECTIONAL, DMA_ATTR_MMIO);', 'dma_unmap_phys(c->dev, addr, 4, DMA_BIDIRECTIONAL, 0);']],
    expect: 'mmio-changed',
    why: 'an MMIO mapping is unmapped with DMA_ATTR_MMIO',
  },
  {
    id: 'mmio-added',
    base: 'corpus/dma-map-page-to-phys/target-version-flag',
    edits: [['SZ_4K, DMA_TO_DEVICE, 0);', 'SZ_4K, DMA_TO_DEVICE, DMA_ATTR_MMIO);']],
    expect: 'mmio-changed',
    why: 'a struct page is RAM: DMA_ATTR_MMIO would skip cache maintenance',
  },
  {
    id: 'unmap-size-changed',
    base: COMBINED,
    edits: [['dma_unmap_phys(dev, src, len, DMA_TO_DEVICE, 0);\n\treturn 0;', 'dma_unmap_phys(dev, src, PAGE_SIZE, DMA_TO_DEVICE, 0);\n\treturn 0;']],
    expect: 'unmap-mismatch',
    why: 'unmap with the size of the mapping',
  },
  {
    id: 'unmap-mmio-mismatch',
    base: COMBINED,
    edits: [['dma_unmap_phys(dev, dst, len, DMA_FROM_DEVICE, DMA_ATTR_MMIO);', 'dma_unmap_phys(dev, dst, len, DMA_FROM_DEVICE, 0);']],
    expect: 'unmap-mismatch',
    why: 'a mapping made with DMA_ATTR_MMIO is unmapped with it',
  },
  // ---- DMA handles ----------------------------------------------------------------
  {
    id: 'mapping-error-check-lost',
    base: COMBINED,
    edits: [['\tif (dma_mapping_error(dev, src))\n\t\treturn -ENOMEM;\n', '']],
    expect: 'mapping-error-unchecked',
    why: 'the old code checked the handle before using it',
  },
  {
    id: 'handle-used-after-unmap',
    base: COMBINED,
    edits: [
      ['\tstart_xfer(dev, src, dst, len);\n', ''],
      ['\tdma_unmap_phys(dev, src, len, DMA_TO_DEVICE, 0);\n\treturn 0;', '\tdma_unmap_phys(dev, src, len, DMA_TO_DEVICE, 0);\n\tstart_xfer(dev, src, dst, len);\n\treturn 0;'],
    ],
    expect: 'use-after-unmap',
    why: 'the transfer must run while the buffers are mapped',
  },
  {
    id: 'error-path-unmap-dropped',
    base: COMBINED,
    edits: [['\t\tdma_unmap_phys(dev, src, len, DMA_TO_DEVICE, 0);\n\t\treturn -ENOMEM;', '\t\treturn -ENOMEM;']],
    expect: 'dma-unbalanced',
    why: 'the error path unmapped the first buffer',
  },
  {
    id: 'unmap-dropped',
    base: COMBINED,
    edits: [['\tdma_unmap_phys(dev, src, len, DMA_TO_DEVICE, 0);\n\treturn 0;', '\treturn 0;']],
    expect: 'dma-unbalanced',
    why: 'the success path unmapped the buffer',
  },
  // ---- kmap family (reference §3.1, §3.5, §3.6) ------------------------------------
  {
    id: 'unmap-after-offset-moved',
    base: 'corpus/kmap-atomic-to-local/unmap-outside-mapping',
    edits: [['\tkunmap_local(addr - sg->offset - offset);\n\toffset += len;', '\toffset += len;\n\tkunmap_local(addr - sg->offset - offset);']],
    expect: 'unmap-address-outside-mapping',
    why: 'the unmap subtracts the offset after it grew: the address is below the mapping (target_core_sbc.c in 6.12)',
  },
  {
    id: 'lifo-swapped',
    base: 'corpus/kmap-atomic-to-local/nested-lifo',
    edits: [['\tkunmap_local(vfrom);\n\tkunmap_local(vto);', '\tkunmap_local(vto);\n\tkunmap_local(vfrom);']],
    expect: 'lifo-violation',
    why: 'kmap_local mappings nest',
  },
  {
    id: 'unmap-moved-across-access',
    base: 'corpus/kmap-to-local/adjacent-unmaps-swapped',
    edits: [
      ['\tint i;\n\n\tfor', '\tint i;\n\n\tkunmap_local(pb);\n\tfor'],
      ['\tkunmap_local(pb);\n\tkunmap_local(pa);', '\tkunmap_local(pa);'],
    ],
    expect: 'use-after-unmap',
    why: 'back-to-back unmaps commute, but an unmap moved above the loop that reads through the mapping does not',
  },
  {
    id: 'unmap-moved-across-call',
    base: 'fixtures/kmap-unmaps-around-call',
    edits: [['\tkunmap_local(pb);\n\tfold_stats_inc(st);', '\tfold_stats_inc(st);\n\tkunmap_local(pb);']],
    expect: 'order-changed',
    why: 'an unmap does not commute with another operation: the call ran with only one page mapped',
  },
  {
    id: 'unmaps-swapped-across-call',
    base: 'fixtures/kmap-unmaps-around-call',
    edits: [
      ['\tkunmap_local(pb);\n\tfold_stats_inc(st);\n\tkunmap_local(pa);', '\tkunmap_local(pa);\n\tfold_stats_inc(st);\n\tkunmap_local(pb);'],
    ],
    expect: 'lifo-violation',
    why: 'unmaps separated by a call are not adjacent: swapping them breaks LIFO',
  },
  {
    id: 'kunmap-local-given-page',
    base: 'corpus/kmap-atomic-to-local/memcpy-region',
    edits: [['kunmap_local(kaddr);', 'kunmap_local(page);']],
    expect: 'kunmap-local-given-page',
    why: 'kunmap_local() takes the address (a page is a BUILD_BUG)',
  },
  {
    id: 'kaddr-used-after-unmap',
    base: 'corpus/kmap-atomic-to-local/memcpy-region',
    edits: [['\tmemcpy(dst, kaddr + off, len);\n\tkunmap_local(kaddr);', '\tkunmap_local(kaddr);\n\tmemcpy(dst, kaddr + off, len);']],
    expect: 'use-after-unmap',
    why: 'the copy reads through the mapping',
  },
  {
    id: 'error-path-kunmap-dropped',
    base: 'corpus/kmap-atomic-to-local/error-path-goto',
    edits: [['\t\tkunmap_local(h);\n\t\treturn -E2BIG;', '\t\treturn -E2BIG;']],
    expect: 'kmap-not-unmapped',
    why: 'the early return unmapped',
  },
  {
    id: 'double-kunmap',
    base: 'corpus/kmap-atomic-to-local/error-path-goto',
    edits: [['\t\tret = -EINVAL;\n\t\tgoto out_unmap;', '\t\tret = -EINVAL;\n\t\tkunmap_local(h);\n\t\tgoto out_unmap;']],
    expect: 'double-unmap',
    why: 'the label unmaps already',
  },
  {
    id: 'kmap-wrong-page',
    base: 'corpus/kmap-atomic-to-local/loop',
    edits: [['kmap_local_page(pages[i])', 'kmap_local_page(pages[0])']],
    expect: 'kmap-page-changed',
    why: 'each iteration maps its own page',
  },
  {
    id: 'iterator-loop-unmap-dropped',
    base: 'corpus/kmap-to-local/loop',
    edits: [['\t\tkunmap_local(data);\n', '']],
    expect: 'kmap-not-unmapped',
    why: 'each iteration of the iterator macro (read by tree-sitter as a nested definition) unmapped its page',
  },
  {
    id: 'kmap-pfn-changed',
    base: 'corpus/kmap-atomic-to-local/pfn-and-prot',
    edits: [['kmap_local_pfn(pfn)', 'kmap_local_pfn(pfn + 1)']],
    expect: 'kmap-page-changed',
    why: 'the same pfn is mapped',
  },
  {
    id: 'kmap-prot-dropped',
    base: 'corpus/kmap-atomic-to-local/pfn-and-prot',
    edits: [['kmap_local_page_prot(page, prot)', 'kmap_local_page(page)']],
    expect: 'kmap-prot-changed',
    why: 'kmap_atomic_prot() becomes kmap_local_page_prot() with the same protection',
  },
  {
    id: 'kunmap-ends-local-mapping',
    base: 'fixtures/kmap-to-local',
    edits: [['\tkunmap_local(ds);', '\tkunmap(page);']],
    expect: 'unmap-kind-mismatch',
    why: 'a kmap_local_page() mapping ends with kunmap_local()',
  },
  {
    id: 'local-mapping-escapes',
    base: 'fixtures/kmap-to-local',
    edits: [['\tsbi->blocks = le64_to_cpu(ds->blocks);', '\tsbi->blocks = le64_to_cpu(ds->blocks);\n\tsbi->raw = ds;']],
    expect: 'local-mapping-escapes',
    why: 'a kmap_local_page() address is valid only in the mapping thread and function',
  },
  {
    id: 'local-address-inside-mapping-escapes',
    base: 'corpus/kmap-to-local/offset-holder',
    edits: [['\tu8 v = *p;\n', '\tu8 v = *p;\n\n\tlast_byte_seen = &p[1];\n']],
    expect: 'local-mapping-escapes',
    why: 'the value read through the mapping may be returned, but an address inside the mapping may not be stored',
  },
  {
    id: 'kmap-atomic-around-sleep',
    base: 'fixtures/kmap-to-local',
    edits: [
      ['void *src = kmap_local_page(page);', 'void *src = kmap_atomic(page);'],
      ['\tkunmap_local(src);', '\tkunmap_atomic(src);'],
    ],
    expect: 'sleeps-in-atomic',
    why: 'kmalloc(GFP_KERNEL) may sleep; kmap() allowed it, kmap_atomic() does not',
  },
  {
    id: 'inatomic-without-pagefault-disable',
    base: 'fixtures/inatomic-pagefault',
    edits: [
      ['\tpagefault_disable();\n', ''],
      ['\tpagefault_enable();\n', ''],
    ],
    expect: 'pagefault-reliance-lost',
    why: 'the inatomic copy relied on kmap_atomic() disabling page faults',
  },
  {
    id: 'pagefault-enabled-too-early',
    base: 'fixtures/inatomic-pagefault',
    edits: [['\tpagefault_disable();\n\tunwritten = __copy_from_user_inatomic(vaddr + off, ubuf, len);\n\tpagefault_enable();', '\tpagefault_disable();\n\tpagefault_enable();\n\tunwritten = __copy_from_user_inatomic(vaddr + off, ubuf, len);']],
    expect: 'pagefault-reliance-lost',
    why: 'the bracket must cover the copy',
  },
  {
    id: 'preempt-disable-missing',
    base: 'fixtures/percpu-preempt',
    edits: [
      ['\t\tpreempt_disable();\n', ''],
      ['\t\tpreempt_enable();\n', ''],
    ],
    expect: 'preempt-reliance-lost',
    why: '__this_cpu_inc() relied on kmap_atomic() disabling preemption',
  },
  // ---- copy/fill helpers (reference §3.2, §3.7) -------------------------------------
  {
    id: 'helper-copy-reversed',
    base: 'fixtures/memcpy-from-page',
    edits: [['memcpy_from_page((char *)out, page, off, sizeof(*out));', 'memcpy_to_page(page, off, (char *)out, sizeof(*out));']],
    expect: 'copy-direction-reversed',
    why: 'the original copied out of the page',
  },
  {
    id: 'helper-offset-dropped',
    base: 'fixtures/memcpy-from-page',
    edits: [['memcpy_from_page((char *)out, page, off, sizeof(*out));', 'memcpy_from_page((char *)out, page, 0, sizeof(*out));']],
    expect: 'helper-access-changed',
    why: 'the record sits at off',
  },
  {
    id: 'memzero-wrong-length',
    base: 'fixtures/memzero-page',
    edits: [['memzero_page(page, start, PAGE_SIZE - start);', 'memzero_page(page, start, PAGE_SIZE);']],
    expect: 'helper-access-changed',
    why: 'zeroing past the page end',
  },
  {
    id: 'memcpy-page-pages-swapped',
    base: 'fixtures/memcpy-page',
    edits: [['memcpy_page(to, to_off, from, from_off, n);', 'memcpy_page(from, from_off, to, to_off, n);']],
    expect: 'kmap-page-changed',
    why: 'memcpy_page() takes the destination first',
  },
  {
    id: 'flush-lost',
    base: 'fixtures/memcpy-to-page',
    edits: [['\tmemcpy_to_page(page, off, (const char *)in, len);', '\tvoid *v = kmap_local_page(page);\n\n\tmemcpy(v + off, in, len);\n\tkunmap_local(v);']],
    expect: 'flush-lost',
    why: 'the old code flushed the data cache after writing the page',
  },
  // ---- dma_map_ops providers (reference §2.5, §1.9) -----------------------------------
  {
    id: 'provider-aligned-base-lost',
    base: 'fixtures/provider-iommu',
    edits: [['phys_addr_t base_paddr = phys & PAGE_MASK;', 'phys_addr_t base_paddr = phys;']],
    expect: 'aligned-base-lost',
    why: 'the sparc bug: the IOPTE loop starts at the page-aligned base',
  },
  {
    id: 'provider-offset-dropped',
    base: 'fixtures/provider-iommu',
    edits: [['+ (entry << PAGE_SHIFT) + offset_in_page(phys);', '+ (entry << PAGE_SHIFT);']],
    expect: 'offset-dropped',
    why: 'the alpha bug class: the returned bus address lost the in-page offset',
  },
  {
    id: 'provider-mmio-not-rejected',
    base: 'fixtures/provider-iommu',
    edits: [['\tif (unlikely(attrs & DMA_ATTR_MMIO))\n\t\treturn DMA_MAPPING_ERROR;\n\n', '']],
    expect: 'mmio-not-rejected',
    why: 'without a .map_resource the provider must refuse MMIO',
  },
  {
    id: 'provider-mmio-refused-after-alloc',
    base: 'fixtures/provider-iommu',
    edits: [
      ['\tif (unlikely(attrs & DMA_ATTR_MMIO))\n\t\treturn DMA_MAPPING_ERROR;\n\n', ''],
      ['\t\treturn DMA_MAPPING_ERROR;\n\tentry = base', '\t\treturn DMA_MAPPING_ERROR;\n\tif (unlikely(attrs & DMA_ATTR_MMIO))\n\t\treturn DMA_MAPPING_ERROR;\n\tentry = base'],
    ],
    expect: 'mmio-refused-after-acquire',
    why: 'the IOMMU entries allocated before the MMIO refusal are never freed on the MMIO path',
  },
  {
    id: 'provider-mmio-refused-after-charge',
    base: 'corpus/dma-ops-map-page-to-map-phys/space-indented-accounting',
    edits: [
      ['\tif (unlikely(attrs & DMA_ATTR_MMIO))\n\t\treturn DMA_MAPPING_ERROR;\n\n', ''],
      ['\t\tgoto out_fail;\n', '\t\tgoto out_fail;\n\tif (unlikely(attrs & DMA_ATTR_MMIO))\n\t\tgoto out_fail;\n'],
    ],
    expect: 'mmio-refused-after-acquire',
    why: 'the pseries vio shape: refusing MMIO after charging the device leaks the charge (out_fail does not give it back)',
  },
  {
    id: 'phys-helper-caller-offset-dropped',
    base: 'corpus/dma-ops-map-page-to-map-phys/page-helper-takes-phys',
    edits: [['__tlb_iommu_map_phys(dev, sg_phys(sg),\n', '__tlb_iommu_map_phys(dev, page_to_phys(sg_page(sg)),\n']],
    expect: 'offset-dropped',
    why: 'the helper now takes the whole physical address: sg_phys() includes the entry\'s offset',
  },
  {
    id: 'phys-helper-provider-aligned',
    base: 'corpus/dma-ops-map-page-to-map-phys/page-helper-takes-phys',
    edits: [['return __tlb_iommu_map_phys(dev, phys, len, true);', 'return __tlb_iommu_map_phys(dev, phys & PAGE_MASK, len, true);']],
    expect: 'offset-dropped',
    why: 'the provider hands its helper the page base instead of phys',
  },
  {
    id: 'phys-helper-body-offset-dropped',
    base: 'corpus/dma-ops-map-page-to-map-phys/page-helper-takes-phys',
    edits: [['(unsigned long)phys_to_virt(paddr);', '(unsigned long)phys_to_virt(paddr & PAGE_MASK);']],
    expect: 'offset-dropped',
    why: 'inside the helper, page_address(page) + offset is phys_to_virt(paddr), not the page base',
  },
  {
    id: 'provider-offset-local-aligned',
    base: 'corpus/dma-ops-map-page-to-map-phys/offset-local',
    edits: [['unsigned long offset = offset_in_page(phys);', 'unsigned long offset = phys & PAGE_MASK;']],
    expect: 'other-code-changed',
    why: 'the local standing for the old offset parameter must be the in-page offset, not the page base',
  },
  {
    id: 'provider-fold-prot-lost',
    base: 'corpus/dma-ops-map-page-to-map-phys/resource-folded',
    edits: [['\tif (attrs & DMA_ATTR_MMIO)\n\t\tprot |= IOMMU_MMIO;\n', '']],
    expect: 'other-code-changed',
    why: 'the folded .map_resource mapped MMIO with IOMMU_MMIO',
  },
  {
    id: 'provider-fold-cache-sync-on-mmio',
    base: 'corpus/dma-ops-map-page-to-map-phys/resource-folded',
    edits: [['!(attrs & (DMA_ATTR_SKIP_CPU_SYNC | DMA_ATTR_MMIO)))\n\t\tarch_sync_dma_for_device', '!(attrs & DMA_ATTR_SKIP_CPU_SYNC))\n\t\tarch_sync_dma_for_device']],
    expect: 'mmio-cpu-access',
    why: 'the folded body must skip CPU cache maintenance for MMIO, as .map_resource did',
  },
  {
    id: 'provider-mmio-dispatch-drops-attr',
    base: 'corpus/dma-ops-map-page-to-map-phys/map-resource-fold',
    edits: [['return vx_iommu_map_resource(dev, phys, size, dir, attrs);', 'return vx_iommu_map_resource(dev, phys, size, dir, attrs & ~DMA_ATTR_MMIO);']],
    expect: 'mmio-not-dispatched',
    why: 'the 6.18 core handed .map_resource the caller\'s attributes unchanged',
  },
  {
    id: 'provider-mmio-dispatch-falls-through',
    base: 'corpus/dma-ops-map-page-to-map-phys/map-resource-fold',
    edits: [['\t\tvx_iommu_unmap_resource(dev, handle, size, dir, attrs);\n\t\treturn;\n', '\t\tvx_iommu_unmap_resource(dev, handle, size, dir, attrs);\n']],
    expect: 'mmio-not-dispatched',
    why: 'an MMIO unmap goes to .unmap_resource only: falling through unmaps the IOVA a second time',
  },
  {
    id: 'provider-mmio-dispatch-after-alloc',
    base: 'corpus/dma-ops-map-page-to-map-phys/map-resource-fold',
    edits: [
      ['\tif (attrs & DMA_ATTR_MMIO)\n\t\treturn vx_iommu_map_resource(dev, phys, size, dir, attrs);\n\n', ''],
      ['\tdma_addr = vx_alloc_iova(mapping, len);\n', '\tdma_addr = vx_alloc_iova(mapping, len);\n\tif (attrs & DMA_ATTR_MMIO)\n\t\treturn vx_iommu_map_resource(dev, phys, size, dir, attrs);\n'],
    ],
    expect: 'mmio-not-dispatched',
    why: 'an MMIO request must not allocate an IOVA before it goes to .map_resource (the IOVA leaks)',
  },
  {
    id: 'provider-sg-offset-dropped',
    base: 'fixtures/provider-iommu',
    edits: [['foo_iommu_map_phys(dev, sg_phys(sg),', 'foo_iommu_map_phys(dev, page_to_phys(sg_page(sg)),']],
    expect: 'offset-dropped',
    why: 'the internal caller passes the entry\'s offset too',
  },
  {
    id: 'provider-kmap-before-mmio-check',
    base: 'fixtures/provider-highmem',
    edits: [
      ['\tif (unlikely(attrs & DMA_ATTR_MMIO))\n\t\treturn DMA_MAPPING_ERROR;\n\n', ''],
      ['\treturn baz_translate(dev, phys);', '\tif (unlikely(attrs & DMA_ATTR_MMIO))\n\t\treturn DMA_MAPPING_ERROR;\n\treturn baz_translate(dev, phys);'],
    ],
    expect: 'mmio-cpu-access',
    why: 'an MMIO address must never be kmapped or reached through the linear map',
  },
  {
    id: 'provider-mmio-cache-sync',
    base: 'fixtures/provider-resource-fold',
    edits: [['\tif (!(attrs & (DMA_ATTR_SKIP_CPU_SYNC | DMA_ATTR_MMIO)))\n\t\tarch_sync_dma_for_device', '\tif (!(attrs & DMA_ATTR_SKIP_CPU_SYNC))\n\t\tarch_sync_dma_for_device']],
    expect: 'mmio-cpu-access',
    why: 'no CPU cache maintenance for MMIO',
  },
  {
    id: 'provider-mmio-prot-lost',
    base: 'fixtures/provider-resource-fold',
    edits: [['\tif (attrs & DMA_ATTR_MMIO)\n\t\tprot = IOMMU_READ | IOMMU_MMIO;\n\n', '']],
    expect: 'other-code-changed',
    why: 'the folded map_resource mapped with IOMMU_MMIO',
  },
  {
    id: 'provider-signature',
    base: 'fixtures/provider-highmem',
    edits: [['baz_map_phys(struct device *dev, phys_addr_t phys, size_t size,', 'baz_map_phys(struct device *dev, unsigned long phys, size_t size,']],
    expect: 'provider-signature',
    why: '.map_phys takes a phys_addr_t',
  },
];
