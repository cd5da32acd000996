/**
 * The canonical form of addresses: the identities of reference §1.5, §1.7,
 * §2.5 and §5 hold, and nearby non-identities do not.
 */
import { describe, expect, it } from 'vitest';
import { createCParser } from '../../src/engine/parse/index.js';
import { mirrorTree } from '../../src/verify/model/ast.js';
import { Canon } from '../../src/verify/model/canon.js';
import { executeFunction } from '../../src/verify/model/execute.js';
import { idTerm } from '../../src/verify/model/term.js';

const parser = createCParser();

/** The physical address dma_map_phys() receives in `void f(...) { dma_map_phys(d, EXPR, 1, 0, 0); }`. */
function phys(expr: string, canon = new Canon()): string {
  const text = `void f(struct page *page, struct scatterlist *sg, struct bio_vec bv, struct bio_vec *bvp, void *buf, phys_addr_t p, unsigned long pfn, unsigned int off) { dma_map_phys(d, ${expr}, 1, 0, 0); }`;
  const root = mirrorTree(parser.parse(text).rootNode, text);
  const r = executeFunction(root.descendantsOfType('function_definition')[0]!, { canon });
  if (!r.ok) throw new Error(r.why);
  const e = r.paths[0]!.events.find((x) => x.k === 'dma-map');
  if (e?.k !== 'dma-map') throw new Error('no map');
  return e.phys.key;
}

describe('canonical physical addresses', () => {
  it.each([
    ['page_to_phys(page) + off', 'off + page_to_phys(page)'],
    ['page_to_phys(page) + off', '(page_to_phys(page) + (off)) + 0'],
    ['page_to_phys(page) + off', '(phys_addr_t)page_to_phys(page) + off'],
    ['virt_to_phys(buf)', 'page_to_phys(virt_to_page(buf)) + offset_in_page(buf)'],
    ['__pa(buf)', 'virt_to_phys(buf)'],
    ['sg_phys(sg)', 'page_to_phys(sg_page(sg)) + sg->offset'],
    ['bvec_phys(&bv)', 'page_to_phys(bv.bv_page) + bv.bv_offset'],
    ['bvec_phys(bvp)', 'page_to_phys(bvp->bv_page) + (*bvp).bv_offset'],
    ['PFN_PHYS(pfn)', 'page_to_phys(pfn_to_page(pfn))'],
    ['PFN_PHYS(pfn)', 'pfn << PAGE_SHIFT'],
    ['PFN_PHYS(page_to_pfn(page))', 'page_to_phys(page)'],
    ['p', 'page_to_phys(phys_to_page(p)) + offset_in_page(p)'],
    ['p & PAGE_MASK', 'p - offset_in_page(p)'],
    ['p & PAGE_MASK', 'page_to_phys(phys_to_page(p))'],
    ['p & ~PAGE_MASK', 'offset_in_page(p)'],
    ['p & (PAGE_SIZE - 1)', 'offset_in_page(p)'],
    ['PHYS_PFN(p)', 'page_to_pfn(phys_to_page(p))'],
    ['p >> PAGE_SHIFT', 'PHYS_PFN(p)'],
    ['virt_to_phys(phys_to_virt(p))', 'p'],
    ['virt_to_phys(page_address(page) + off)', 'page_to_phys(page) + off'],
    ['page_to_phys(page) + 2 * off - off', 'page_to_phys(page) + off'],
  ])('%s ≡ %s', (a, b) => {
    expect(phys(a)).toBe(phys(b));
  });

  it.each([
    ['page_to_phys(page) + off', 'page_to_phys(page)'],
    ['page_to_phys(page) + off', 'page_to_phys(page) + off + off'],
    ['sg_phys(sg)', 'page_to_phys(sg_page(sg))'],
    ['p', 'p & PAGE_MASK'],
    ['virt_to_phys(buf)', 'page_to_phys(virt_to_page(buf))'],
    ['PFN_PHYS(pfn)', 'PFN_PHYS(pfn + 1)'],
    ['(u32 *)buf + 1', 'buf + 1'],
  ])('%s ≢ %s', (a, b) => {
    expect(phys(a)).not.toBe(phys(b));
  });

  it('treats an offset known to be in-page as its own offset_in_page()', () => {
    const offset = idTerm('off');
    const canon = new Canon({ inPage: new Set([offset.key]) });
    expect(phys('phys_to_page(page_to_phys(page) + off) == page ? 1 : 0', canon)).toBe('num:1');
    expect(phys('offset_in_page(page_to_phys(page) + off)', canon)).toBe(phys('off', canon));
    // Without the assumption, the offset could cross a page.
    expect(phys('offset_in_page(page_to_phys(page) + off)')).not.toBe(phys('off'));
  });

  it('folds DMA_ATTR_MMIO tests on attributes whose MMIO bit is known', () => {
    const attrs = idTerm('attrs');
    const off = new Canon({ attrsMmio: { keys: new Set([attrs.key]), mmio: false } });
    const on = new Canon({ attrsMmio: { keys: new Set([attrs.key]), mmio: true } });
    expect(off.truth(off.bitAnd(attrs, off.id('DMA_ATTR_MMIO'))).key).toBe('num:0');
    expect(on.truth(on.bitAnd(attrs, on.id('DMA_ATTR_MMIO'))).key).toBe('num:1');
    expect(off.bitAnd(attrs, off.bitOr(off.id('DMA_ATTR_SKIP_CPU_SYNC'), off.id('DMA_ATTR_MMIO'))).key).toBe(off.bitAnd(attrs, off.id('DMA_ATTR_SKIP_CPU_SYNC')).key);
    expect(on.unary('!', on.bitAnd(attrs, on.bitOr(on.id('DMA_ATTR_SKIP_CPU_SYNC'), on.id('DMA_ATTR_MMIO')))).key).toBe('num:0');
  });
});
