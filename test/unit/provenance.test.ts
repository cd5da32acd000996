/**
 * The phys-provenance analysis below the rule: report-only keywords in the
 * prefilter, the DMA attributes it reads, and classes at sinks (unknown
 * included, which the rule never reports).
 */
import { describe, expect, it } from 'vitest';
import { classifySinkUses, dmaAttrsRequirement } from '../../src/engine/analyze/provenance/index.js';
import { createCParser } from '../../src/engine/parse/index.js';
import { KeywordScanner } from '../../src/engine/prefilter/index.js';

const parser = createCParser();

function classes(code: string, devicePages = false): string[] {
  const tree = parser.parse(code);
  return classifySinkUses(tree.rootNode, code, { devicePages, archCode: false }).map((u) => `${u.api}:${u.at.text}=${u.found}/${u.required}`);
}

function attrs(expr: string): string | undefined {
  const tree = parser.parse(`int x = ${expr};`);
  return dmaAttrsRequirement(tree.rootNode.descendantsOfType('init_declarator')[0]!.childForFieldName('value')!);
}

describe('phys provenance', () => {
  it('keeps report-only keywords out of the API occurrences but lets their files through', () => {
    const s = new KeywordScanner(['dma_map_resource'], ['phys_to_virt']);
    const text = 'p = phys_to_virt(x); dma_map_resource(d, x, 1, 0, 0);';
    expect(s.occurrences(text).map((o) => o.api)).toEqual(['dma_map_resource']);
    expect(s.extraOccurrences(text).map((o) => o.api)).toEqual(['phys_to_virt']);
    expect(s.mayContain(Buffer.from('phys_to_virt(x)'))).toBe(true);
    expect(new KeywordScanner([]).occurrences('anything')).toEqual([]);
  });

  it('reads constant DMA attributes only', () => {
    expect(attrs('0')).toBe('ram');
    expect(attrs('DMA_ATTR_SKIP_CPU_SYNC | DMA_ATTR_WEAK_ORDERING')).toBe('ram');
    expect(attrs('(DMA_ATTR_MMIO | DMA_ATTR_SKIP_CPU_SYNC)')).toBe('mmio');
    expect(attrs('attrs')).toBeUndefined();
    expect(attrs('attrs | DMA_ATTR_MMIO')).toBeUndefined();
    expect(attrs('mmio ? DMA_ATTR_MMIO : 0')).toBeUndefined();
  });

  it('classifies each sink argument, unknown where a source is not seen', () => {
    const code = `
static void f(struct pci_dev *pdev, struct page *pg, phys_addr_t p, void *buf)
{
	phys_addr_t bar = pci_resource_start(pdev, 0);
	phys_to_virt(bar);
	phys_to_virt(p);
	phys_to_virt(page_to_phys(pg));
	dma_map_resource(dev, virt_to_phys(buf), 4, 0, 0);
}`;
    expect(classes(code)).toEqual([
      'phys_to_virt:bar=mmio/ram',
      'phys_to_virt:p=unknown/ram',
      'phys_to_virt:page_to_phys(pg)=ram/ram',
      'dma_map_resource:virt_to_phys(buf)=ram/mmio',
    ]);
    // Where pages may be device memory, a page's address is not known to be RAM; the linear map still is.
    expect(classes(code, true)[2]).toBe('phys_to_virt:page_to_phys(pg)=unknown/ram');
    expect(classes(code, true)[3]).toBe('dma_map_resource:virt_to_phys(buf)=ram/mmio');
  });

  it('follows a parameter into a helper and a return value out of one, and stops at recursion', () => {
    const code = `
static phys_addr_t base(struct pci_dev *pdev) { return pci_resource_start(pdev, 1); }
static void *peek(phys_addr_t a) { return phys_to_virt(a); }
static void *loop(phys_addr_t a, int n) { return n ? loop(a, n - 1) : phys_to_virt(a); }
static void g(struct pci_dev *pdev) { peek(base(pdev) + 8); loop(base(pdev), 3); }`;
    expect(classes(code)).toEqual([
      'phys_to_virt:a=unknown/ram',
      'loop:a=unknown/ram',
      'phys_to_virt:a=unknown/ram',
      'peek:base(pdev) + 8=mmio/ram',
      'loop:base(pdev)=mmio/ram',
    ]);
  });
});
