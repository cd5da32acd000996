/**
 * Path enumeration: the paths a function has, and the operations on each.
 */
import { describe, expect, it } from 'vitest';
import { createCParser } from '../../src/engine/parse/index.js';
import { mirrorTree } from '../../src/verify/model/ast.js';
import { Canon } from '../../src/verify/model/canon.js';
import { executeFunction, type PathTrace } from '../../src/verify/model/execute.js';
import { verifyChange } from '../../src/verify/index.js';

const parser = createCParser();

function paths(body: string, params = 'struct device *dev, struct page *page, int n, int flag'): PathTrace[] {
  const text = `int f(${params})\n{\n${body}\n}\n`;
  const root = mirrorTree(parser.parse(text).rootNode, text);
  const r = executeFunction(root.descendantsOfType('function_definition')[0]!, { canon: new Canon() });
  if (!r.ok) throw new Error(r.why);
  return r.paths;
}

/** Each path as its modelled operations and calls: `map`, `unmap`, `kmap`, `kunmap`, `f()`, `return`. */
function shapes(ps: readonly PathTrace[]): string[] {
  return ps
    .map((p) =>
      p.events
        .map((e) => (e.k === 'dma-map' ? 'map' : e.k === 'dma-unmap' ? 'unmap' : e.k === 'kmap' ? 'kmap' : e.k === 'kunmap' ? 'kunmap' : e.k === 'call' ? `${e.api}()` : e.k === 'return' ? 'return' : e.k))
        .join(' '),
    )
    .sort();
}

describe('path enumeration', () => {
  it('enumerates both sides of an if and an early return', () => {
    const ps = paths('\tdma_addr_t a = dma_map_page(dev, page, 0, 64, DMA_TO_DEVICE);\n\tif (dma_mapping_error(dev, a))\n\t\treturn -ENOMEM;\n\tgo(a);\n\tdma_unmap_page(dev, a, 64, DMA_TO_DEVICE);\n\treturn 0;');
    expect(shapes(ps)).toEqual(['map dma-check go() unmap return', 'map dma-check return']);
  });

  it('takes each switch case, with fall-through and break', () => {
    const ps = paths('\tvoid *v;\n\tswitch (n) {\n\tcase 1:\n\t\tv = kmap(page);\n\tcase 2:\n\t\tb();\n\t\tbreak;\n\tdefault:\n\t\tkunmap(page);\n\t}\n\treturn 0;');
    expect(shapes(ps)).toEqual(['b() return', 'kmap b() return', 'kunmap return']);
  });

  it('runs loops zero, one and two times', () => {
    const ps = paths('\tint i;\n\tfor (i = 0; i < n; i++) {\n\t\tvoid *v = kmap_local_page(page);\n\t\tuse(v);\n\t\tkunmap_local(v);\n\t}\n\treturn 0;');
    expect(shapes(ps)).toEqual(['kmap use() kunmap kmap use() kunmap return', 'kmap use() kunmap return', 'return']);
  });

  it('bounds while (1) like for (;;): two iterations, then the path is cut short', () => {
    const ps = paths('\twhile (1) {\n\t\tvoid *v = kmap_local_page(page);\n\t\tuse(v);\n\t\tkunmap_local(v);\n\t\tif (done(n))\n\t\t\tbreak;\n\t}\n\treturn 0;');
    expect(shapes(ps.filter((p) => p.end === 'return'))).toEqual(['kmap use() kunmap done() kmap use() kunmap done() return', 'kmap use() kunmap done() return']);
    expect(ps.filter((p) => p.end === 'truncated')).toHaveLength(1);
  });

  it('follows goto to an error label', () => {
    const ps = paths('\tvoid *v = kmap(page);\n\tif (bad(v))\n\t\tgoto out;\n\tgood(v);\nout:\n\tkunmap(page);\n\treturn 0;');
    expect(shapes(ps)).toEqual(['kmap bad() good() kunmap return', 'kmap bad() kunmap return']);
  });

  it('bounds a loop made of a goto back to a label', () => {
    const ps = paths('again:\n\tif (try_once())\n\t\tgoto again;\n\treturn 0;');
    expect(ps.some((p) => p.end === 'truncated')).toBe(true);
    expect(ps.filter((p) => p.end === 'return').length).toBe(3);
  });

  it('takes both sides of an #ifdef', () => {
    const ps = paths('#ifdef CONFIG_HIGHMEM\n\tvoid *v = kmap_atomic(page);\n\tkunmap_atomic(v);\n#else\n\tlowmem();\n#endif\n\treturn 0;');
    expect(shapes(ps)).toEqual(['kmap kunmap return', 'lowmem() return']);
  });

  it('reads an iterator macro followed by a block as a loop', () => {
    const ps = paths('\tstruct scatterlist *sg;\n\tint i;\n\tfor_each_sg(sgl, sg, n, i) {\n\t\tif (!sg->length)\n\t\t\tcontinue;\n\t\tdma_unmap_page(dev, sg->dma_address, sg->length, DMA_TO_DEVICE);\n\t}\n\treturn 0;');
    expect(ps.every((p) => p.end === 'return')).toBe(true);
    expect(shapes(ps)).toContain('for_each_sg() for_each_sg() unmap for_each_sg() return');
  });

  it('reads an iterator macro whose block starts with a declaration (a nested definition to tree-sitter) as a loop', () => {
    const ps = paths('\tpage_chain_for_each(page) {\n\t\tu32 *data = kmap_local_page(page);\n\n\t\tuse(data);\n\t\tkunmap_local(data);\n\t}\n\treturn 0;');
    expect(shapes(ps)).toEqual(['kmap use() kunmap kmap use() kunmap return', 'kmap use() kunmap return', 'return']);
  });

  it('evaluates && lazily when its right side calls a modelled API', () => {
    const ps = paths('\tdma_addr_t a = dma_map_page(dev, page, 0, 64, DMA_TO_DEVICE);\n\tif (flag && dma_mapping_error(dev, a))\n\t\treturn -ENOMEM;\n\treturn 0;');
    expect(shapes(ps)).toEqual(['map dma-check return', 'map dma-check return', 'map return']);
  });

  it('keeps a statement without modelled calls or jumps whole, and decides it when its condition is constant', () => {
    const ps = paths('\tif (flag)\n\t\tx = 1;\n\telse\n\t\tx = 2;\n\tif (0)\n\t\tnever();\n\treturn x;');
    expect(ps).toHaveLength(1);
    expect(shapes(ps)).toEqual(['block return']);
  });

  it('substitutes locals, so a temporary does not change the trace', () => {
    const v = verifyChange(
      'int f(struct device *d, struct page *p, int o)\n{\n\tdma_addr_t a;\n\ta = dma_map_page(d, p, o, 8, DMA_TO_DEVICE);\n\treturn a;\n}\n',
      'int f(struct device *d, struct page *p, int o)\n{\n\tphys_addr_t ph = page_to_phys(p) + o;\n\n\treturn dma_map_phys(d, ph, 8, DMA_TO_DEVICE, 0);\n}\n',
      parser,
    );
    expect(v.functions.map((f) => f.verdict)).toEqual(['accepted']);
  });

  it('records the atomic state each call sees', () => {
    const ps = paths('\tvoid *v = kmap_atomic(page);\n\tcopy_from_user(v, n, 8);\n\tkunmap_atomic(v);\n\tcopy_from_user(v, n, 8);\n\treturn 0;');
    const copies = ps[0]!.events.filter((e) => e.k === 'call' && e.api === 'copy_from_user');
    expect(copies.map((e) => [e.pf, e.preempt, e.effect])).toEqual([
      [1, 1, 'faults'],
      [0, 0, 'faults'],
    ]);
  });
});

describe('changes the model cannot judge', () => {
  it('says so for an API without a model entry', () => {
    const v = verifyChange('void f(struct page *p)\n{\n\tfoo(p);\n}\n', 'void f(struct page *p)\n{\n\tbar(p);\n}\n', parser);
    expect(v.functions[0]).toMatchObject({ verdict: 'unjudged', unjudged: { reason: 'no-model' } });
  });
  it('says so for a modelled call inside a construct it does not open', () => {
    const v = verifyChange('void f(struct page *p, int c)\n{\n\tvoid *v = c ? kmap(p) : NULL;\n}\n', 'void f(struct page *p, int c)\n{\n\tvoid *v = c ? kmap_local_page(p) : NULL;\n}\n', parser);
    expect(v.functions[0]).toMatchObject({ verdict: 'unjudged', unjudged: { reason: 'unsupported' } });
  });
  it('says so for a change outside any function', () => {
    const v = verifyChange('static int x = 1;\n', 'static int x = 2;\n', parser);
    expect(v.functions[0]).toMatchObject({ verdict: 'unjudged', unjudged: { reason: 'change-outside-function' } });
  });
  it('ignores changes of layout and comments', () => {
    const v = verifyChange('void f(void)\n{\n\tg(1, 2);\n}\n', 'void f(void)\n{\n\t/* note */\n\tg(1,\n\t  2);\n}\n', parser);
    expect(v.functions).toEqual([]);
  });
});
