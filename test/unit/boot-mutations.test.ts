import { describe, expect, it } from 'vitest';
import { mutationById } from '../../src/validate/boot/mutations.js';
import { createCParser } from '../../src/engine/parse/index.js';

const parser = createCParser();
const parse = (t: string) => parser.parse(t);

describe('boot test mutations', () => {
  it('drop-offset removes the "+ offset" of each dma_map_phys phys argument and nothing else', () => {
    const text = [
      'void f(struct device *d, struct page *p, unsigned int o, dma_addr_t *a)',
      '{',
      '\ta[0] = dma_map_phys(d, page_to_phys(p) + o, 64, DMA_TO_DEVICE, 0);',
      '\ta[1] = dma_map_phys(d, page_to_phys(p) + (o + 8), 64, DMA_TO_DEVICE, 0);',
      '\ta[2] = dma_map_phys(d, sg_phys(sg), 64, DMA_TO_DEVICE, 0);',
      '\ta[3] = other(d, page_to_phys(p) + o);',
      '}',
    ].join('\n');
    const r = mutationById('drop-offset').apply(text, parse);
    expect(r.count).toBe(2);
    expect(r.text).toContain('a[0] = dma_map_phys(d, page_to_phys(p), 64');
    expect(r.text).toContain('a[1] = dma_map_phys(d, page_to_phys(p), 64');
    expect(r.text).toContain('sg_phys(sg)');
    expect(r.text).toContain('other(d, page_to_phys(p) + o)');
  });

  it('kunmap-order swaps the first two adjacent kunmap_local calls', () => {
    const text = 'void f(void)\n{\n\tvoid *a = kmap_local_page(x);\n\tvoid *b = kmap_local_page(y);\n\tkunmap_local(b);\n\tkunmap_local(a);\n}\n';
    const r = mutationById('kunmap-order').apply(text, parse);
    expect(r.count).toBe(1);
    expect(r.text).toContain('\tkunmap_local(a);\n\tkunmap_local(b);\n');
  });

  it('reports when there is nothing to mutate, and rejects unknown ids', () => {
    expect(mutationById('drop-offset').apply('void f(void) { g(); }\n', parse).count).toBe(0);
    expect(() => mutationById('nope')).toThrow(/unknown mutation "nope"/);
  });
});
