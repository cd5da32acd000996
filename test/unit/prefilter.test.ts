import { describe, expect, it } from 'vitest';
import { KeywordScanner, minimalFragments } from '../../src/engine/prefilter/index.js';

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
});
