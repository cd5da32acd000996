import { describe, expect, it } from 'vitest';
import type { SyntaxNode } from '../../src/core/syntax.js';
import { fitsInPage, isInPageOffset } from '../../src/rules/_kmap/analysis/bounds.js';
import { analyzeKmapFunction } from '../../src/rules/_kmap/analysis/lifetimes.js';
import { findSingleCopy } from '../../src/rules/_kmap/analysis/single-copy.js';
import { createCParser } from '../../src/engine/parse/index.js';

const parser = createCParser();

function analyze(body: string, params = 'struct page *page, struct page *q, int n') {
  const tree = parser.parse(`static int f(${params})\n{\n${body}\n}\n`);
  return analyzeKmapFunction(tree.rootNode.descendantsOfType('function_definition')[0]!);
}

function expr(text: string): SyntaxNode {
  const tree = parser.parse(`int x = ${text};\n`);
  return tree.rootNode.descendantsOfType('init_declarator')[0]!.childForFieldName('value')!;
}

describe('analyzeKmapFunction', () => {
  it('pairs a map with the unmaps of its normal and error paths', () => {
    const a = analyze('\tu8 *p = kmap_atomic(page);\n\n\tif (p[0])\n\t\tgoto out;\n\tif (n) {\n\t\tkunmap_atomic(p);\n\t\treturn 1;\n\t}\nout:\n\tkunmap_atomic(p);\n\treturn 0;');
    expect([...a.maps[0]!.unmaps].sort()).toEqual([0, 1]);
    expect(a.maps[0]!.leaks.size).toBe(0);
    expect(a.unmaps.every((u) => u.pairs.has(0) && !u.unpaired)).toBe(true);
  });
  it('finds the path that returns with the page mapped', () => {
    const a = analyze('\tu8 *p = kmap_atomic(page);\n\n\tif (!p[0])\n\t\treturn -1;\n\tkunmap_atomic(p);\n\treturn 0;');
    expect([...a.maps[0]!.leaks.values()].map((n) => n.text)).toEqual(['return -1;']);
  });
  it('remembers a condition tested twice, and forgets one a call may change', () => {
    const kept = analyze('\tu8 *p = NULL;\n\n\tif (n)\n\t\tp = kmap_atomic(page);\n\tg(p);\n\tif (n)\n\t\tkunmap_atomic(p);\n\treturn 0;');
    expect(kept.maps[0]!.leaks.size).toBe(0);
    expect(kept.unmaps[0]!.unpaired).toBeUndefined();
    const lost = analyze('\tu8 *p = NULL;\n\n\tif (page->flags)\n\t\tp = kmap_atomic(page);\n\tg(p);\n\tif (page->flags)\n\t\tkunmap_atomic(p);\n\treturn 0;');
    expect(lost.maps[0]!.leaks.size).toBe(1);
    expect(lost.unmaps[0]!.unpaired).toBe('not-a-mapping');
  });
  it('does not carry one iterator macro loop\'s exit into the next over the same list (normalised to for loops)', () => {
    const text = 'static int f(struct list_head *head)\n{\n\tstruct chunk *c;\n\n\tlist_for_each_entry(c, head, node)\n\t\tc->len = 0;\n\tlist_for_each_entry(c, head, node) {\n\t\tu8 *v = kmap_atomic(c->page);\n\n\t\tv[0] = 0;\n\t\tkunmap_atomic(v);\n\t}\n\treturn 0;\n}\n';
    const tree = parser.parseNormalised(text);
    expect(tree.rootNode.descendantsOfType('for_statement')).toHaveLength(2);
    const a = analyzeKmapFunction(tree.rootNode.descendantsOfType('function_definition')[0]!);
    expect(a.maps[0]!.reached).toBe(true);
    expect(a.maps[0]!.unmaps.has(0)).toBe(true);
    expect(a.unmaps[0]!.unpaired).toBeUndefined();
  });
  it('records LIFO violations with the stack they happened on', () => {
    const a = analyze('\tu8 *x = kmap_atomic(page);\n\tu8 *y = kmap_atomic(q);\n\n\tkunmap_atomic(x);\n\tkunmap_atomic(y);\n\treturn 0;');
    expect(a.unmaps[0]!.lifo).toEqual([{ unmapped: 0, top: 1 }]);
    expect([...a.unmaps[0]!.stacks]).toEqual(['0,1']);
    expect(a.unmaps[1]!.lifo).toEqual([]);
  });
  it('follows the address through casts, offsets and copies, and sees where it escapes', () => {
    const a = analyze('\tu8 *base = (u8 *)kmap_atomic(page) + n;\n\tu8 *alias = base;\n\n\tq->priv = alias;\n\tkunmap_atomic(alias - n);\n\treturn 0;');
    expect(a.unmaps[0]!.pairs.has(0)).toBe(true);
    expect(a.maps[0]!.escapes.map((e) => e.kind === 'stored' && `${e.into} ${e.target}`)).toEqual(['field q -> priv']);
    expect([...a.maps[0]!.heldIn].sort()).toEqual(['alias', 'base', 'q -> priv']);
  });
  it('matches kunmap(page) by the page and lists the variables holding the address', () => {
    const a = analyze('\tu8 *p = kmap(page) + offset_in_page(n);\n\tu8 *raw = p;\n\n\traw++;\n\tkunmap(page);\n\treturn 0;');
    expect(a.unmaps[0]!.pairs.has(0)).toBe(true);
    expect(a.unmaps[0]!.holdersPerPath.map((h) => [...h].sort())).toEqual([
      [
        ['p', 'in-page'],
        ['raw', 'moved'],
      ],
    ]);
  });
  it('notices kunmap() given the address, and a page that changed before kunmap(page)', () => {
    expect(analyze('\tu8 *p = kmap(page);\n\n\tkunmap(p);\n\treturn 0;').unmaps[0]!.addressGiven).toBe(true);
    const moved = analyze('\tu8 *p = kmap(page);\n\n\tpage = q;\n\tkunmap(page);\n\treturn 0;');
    expect(moved.unmaps[0]!.unpaired).toBe('page-changed');
    expect(moved.maps[0]!.pageChanged.map((n) => n.text)).toEqual(['page = q']);
  });
  it('classifies calls made while mapped, with the explicit atomic state at each', () => {
    const a = analyze('\tu8 *p;\n\n\tspin_lock(&lock);\n\tp = kmap_atomic(page);\n\tthis_cpu_inc(hits);\n\tspin_unlock(&lock);\n\tx = smp_processor_id();\n\tkunmap_atomic(p);\n\treturn 0;');
    const calls = [...a.maps[0]!.regionCalls.values()];
    expect(calls.map((c) => `${c.name}:${c.role ?? ''}:${a.alwaysAtomic(c.call)}`)).toEqual(['this_cpu_inc:preempt-reliance:true', 'spin_unlock:atomic-exit:true', 'smp_processor_id:preempt-reliance:false']);
  });
  it('reports use after unmap and remapping in a loop', () => {
    expect(analyze('\tu8 *p = kmap_atomic(page);\n\n\tkunmap_atomic(p);\n\treturn p[0];').maps[0]!.usedAfterUnmap.map((n) => n.text)).toEqual(['p']);
    expect(analyze('\tu8 *p = NULL;\n\n\twhile (n--)\n\t\tp = kmap_atomic(page);\n\tif (p)\n\t\tkunmap_atomic(p);\n\treturn 0;').maps[0]!.remappedWhileLive).toBe(true);
  });
});

describe('bounds', () => {
  it('proves offsets inside the page', () => {
    for (const t of ['offset_in_page(x)', 'x & ~PAGE_MASK', 'x & (PAGE_SIZE - 1)', 'x % PAGE_SIZE', '4095']) expect(isInPageOffset(expr(t)), t).toBe(true);
    for (const t of ['x', '4096', 'x & PAGE_MASK', 'sg->offset']) expect(isInPageOffset(expr(t)), t).toBe(false);
  });
  it('proves offset + len <= PAGE_SIZE only from the expressions', () => {
    const off = expr('off');
    expect(fitsInPage(undefined, expr('PAGE_SIZE'))).toBe(true);
    expect(fitsInPage(off, expr('PAGE_SIZE - off'))).toBe(true);
    expect(fitsInPage(off, expr('min_t(size_t, len, PAGE_SIZE - off)'))).toBe(true);
    expect(fitsInPage(expr('100'), expr('3996'))).toBe(true);
    expect(fitsInPage(expr('100'), expr('3997'))).toBe(false);
    expect(fitsInPage(off, expr('PAGE_SIZE'))).toBe(false);
    expect(fitsInPage(off, expr('PAGE_SIZE - other'))).toBe(false);
    expect(fitsInPage(undefined, expr('len'))).toBe(false);
  });
});

describe('findSingleCopy', () => {
  it('recognises a whole region that is one copy, and says why not otherwise', () => {
    const ok = analyze('\tchar *k = kmap_atomic(page);\n\n\tmemcpy(k + n, src, PAGE_SIZE - n);\n\tkunmap_atomic(k);\n\treturn 0;', 'struct page *page, const char *src, int n');
    const found = findSingleCopy(ok, 0);
    expect(found.ok && found.copy.helper).toBe('memcpy_to_page');
    expect(found.ok && found.copy.flush).toBe('added');
    const scaled = analyze('\tu32 *k = kmap_atomic(page);\n\n\tmemcpy(k + n, src, 4);\n\tkunmap_atomic(k);\n\treturn 0;', 'struct page *page, const char *src, int n');
    expect(findSingleCopy(scaled, 0)).toMatchObject({ ok: false });
    const twoStatements = analyze('\tchar *k = kmap_atomic(page);\n\n\tmemcpy(k, src, 8);\n\tk[9] = 0;\n\tkunmap_atomic(k);\n\treturn 0;', 'struct page *page, const char *src, int n');
    expect(findSingleCopy(twoStatements, 0)).toMatchObject({ ok: false });
  });
});
