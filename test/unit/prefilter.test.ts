import { describe, expect, it } from 'vitest';
import { reportKeywords } from '../../src/core/rule.js';
import { KeywordScanner, minimalFragments, scannerForRules } from '../../src/engine/prefilter/index.js';
import { anchorsOf } from '../../src/engine/prefilter/keywords.js';
import { RULES } from '../../src/rules/index.js';

describe('prefilter', () => {
  it('reduces identifiers to the fewest covering fragments', () => {
    expect(minimalFragments(['kmap_atomic', 'kmap', 'kunmap_atomic', 'dma_map_page', 'dma_unmap_page'])).toEqual(['kmap', 'dma_map_page', 'kunmap_atomic', 'dma_unmap_page']);
  });
  it('finds whole words only, as grep -w does', () => {
    const s = new KeywordScanner(['kmap_atomic', 'kunmap_atomic']);
    const text = 'x = kmap_atomic(p); my_kmap_atomic(p); kmap_atomic_pfn(n); kunmap_atomic(x);/*kmap_atomic*/';
    expect(s.occurrences(text).map((o) => [o.api, o.start])).toEqual([
      ['kmap_atomic', text.indexOf('kmap_atomic(p)')],
      ['kunmap_atomic', text.indexOf('kunmap_atomic(x)')],
      ['kmap_atomic', text.indexOf('/*kmap_atomic') + 2],
    ]);
  });
  it('lets a file through only if a fragment occurs in its bytes', () => {
    const s = new KeywordScanner(['dma_map_resource']);
    expect(s.mayContain(Buffer.from('foo dma_map_resource bar'))).toBe(true);
    expect(s.mayContain(Buffer.from('foo dma_map_page bar'))).toBe(false);
  });
  it('anchors every fragment on a window whose first byte is rare in C, sharing one only when that is cheaper', () => {
    expect(anchorsOf(['dma_to_page'])).toEqual(['ma_t']);
    expect(anchorsOf(['kmap', 'kunmap', 'abc'])).toEqual(['abc', 'kmap', 'kunm']);
    const fragments = ['map_page', 'dma_map_phys', 'map_resource', 'pfn_to_page', 'outer_inv_range', 'outer_flush_range'];
    const anchors = anchorsOf(fragments);
    for (const f of fragments) expect(anchors.some((a) => f.includes(a))).toBe(true);
    expect(anchors).toContain('uter');
    expect(anchors.every((a) => !a.startsWith('_'))).toBe(true);
  });
  it('lets through a file holding any rule keyword, wherever it sits in the bytes', () => {
    const rules = RULES;
    const scanner = scannerForRules(rules);
    const words = [...new Set(rules.flatMap((r) => [...r.meta.apis, ...reportKeywords(r.meta)]))];
    expect(words.length).toBeGreaterThan(10);
    for (const w of words) {
      for (const text of [w, `${w}(x);`, `int y;\n\t${w}`, `/* ${w.slice(0, -1)} */ ${w}`]) expect(scanner.mayContain(Buffer.from(text)), text).toBe(true);
      expect(scanner.mayContain(Buffer.from(w.slice(1))), w.slice(1)).toBe(minimalFragments(words).some((f) => w.slice(1).includes(f)));
    }
  });
});
