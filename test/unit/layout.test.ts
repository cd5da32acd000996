import { describe, expect, it } from 'vitest';
import { indentTo, visualWidth } from '../../src/engine/edit/layout.js';
import { rewriteCall } from '../../src/engine/edit/call-rewrite.js';
import { applyFixes } from '../../src/engine/apply/index.js';
import { createCParser } from '../../src/engine/parse/index.js';

const parser = createCParser();

function rewrite(src: string, spec: Parameters<typeof rewriteCall>[2]): string {
  const tree = parser.parse(src);
  const call = tree.rootNode.descendantsOfType('call_expression')[0]!;
  const edits = rewriteCall(src, call, spec);
  return applyFixes(src, [{ id: 1, ruleId: 't', notes: [], edits }]).text;
}

describe('layout', () => {
  it('measures tabs to the next multiple of eight', () => {
    expect(visualWidth('\tx')).toBe(9);
    expect(visualWidth('ab\tc')).toBe(9);
    expect(visualWidth('\t', 3)).toBe(5);
  });
  it('indents with tabs then spaces', () => {
    expect(indentTo(27)).toBe('\t\t\t   ');
    expect(indentTo(8)).toBe('\t');
  });
});

describe('rewriteCall', () => {
  it('renames the callee and realigns continuation lines aligned under the old parenthesis', () => {
    const src = 'void f(void)\n{\n\tx = dma_map_page_attrs(d, p, o,\n\t\t\t       s, r, a);\n}\n';
    const out = rewrite(src, { callee: 'dma_map_phys' });
    expect(out).toBe('void f(void)\n{\n\tx = dma_map_phys(d, p, o,\n\t\t\t s, r, a);\n}\n');
  });
  it('leaves continuation lines that were not aligned to the parenthesis alone', () => {
    const src = 'void f(void)\n{\n\tx = dma_map_page_attrs(d, p, o,\n\t\ts, r, a);\n}\n';
    expect(rewrite(src, { callee: 'dma_map_phys' })).toBe('void f(void)\n{\n\tx = dma_map_phys(d, p, o,\n\t\ts, r, a);\n}\n');
  });
  it('replaces an argument span and appends arguments with minimal edits', () => {
    const src = 'void f(void)\n{\n\tx = m(d, /* page */ p, o, s);\n}\n';
    const out = rewrite(src, { callee: 'n', replace: [{ from: 1, to: 2, text: 'P' }], append: ['0'] });
    expect(out).toBe('void f(void)\n{\n\tx = n(d, /* page */ P, s, 0);\n}\n');
  });
  it('wraps a call that would pass 100 columns, packing arguments greedily under the parenthesis', () => {
    const src = 'void f(void)\n{\n\t\tdesc->buf = dma_map_page(ring->dev, desc->pages[i], desc->offs[i], ring->size, DMA_FROM_DEVICE);\n}\n';
    const out = rewrite(src, { callee: 'dma_map_phys', replace: [{ from: 1, to: 2, text: 'page_to_phys(desc->pages[i]) + desc->offs[i]' }], append: ['0'] });
    const lines = out.split('\n');
    expect(lines[2]).toBe('\t\tdesc->buf = dma_map_phys(ring->dev, page_to_phys(desc->pages[i]) + desc->offs[i],');
    expect(lines[3]).toBe('\t\t\t\t\t ring->size, DMA_FROM_DEVICE, 0);');
    for (const l of lines) expect(visualWidth(l)).toBeLessThanOrEqual(100);
  });
  it('breaks a generated page_to_phys() + offset that alone passes 100 columns after its " + " (igbvf rx refill, 6.12)', () => {
    const src = 'void f(void)\n{\n\t\t\tbuffer_info->page_dma =\n\t\t\t\tdma_map_page(&pdev->dev, buffer_info->page,\n\t\t\t\t\t     buffer_info->page_offset,\n\t\t\t\t\t     PAGE_SIZE / 2,\n\t\t\t\t\t     DMA_FROM_DEVICE);\n}\n';
    const out = rewrite(src, { callee: 'dma_map_phys', replace: [{ from: 1, to: 2, text: 'page_to_phys(buffer_info->page) + buffer_info->page_offset' }], append: ['0'] });
    const lines = out.split('\n');
    expect(lines.slice(3, 7)).toEqual([
      '\t\t\t\tdma_map_phys(&pdev->dev,',
      '\t\t\t\t\t     page_to_phys(buffer_info->page) +',
      '\t\t\t\t\t     buffer_info->page_offset,',
      '\t\t\t\t\t     PAGE_SIZE / 2, DMA_FROM_DEVICE, 0);',
    ]);
    for (const l of lines) expect(visualWidth(l)).toBeLessThanOrEqual(100);
  });
  it('does not re-wrap a call whose arguments hold comments', () => {
    const src = 'void f(void)\n{\n\t\tdesc->buf = dma_map_page(ring->dev, /* why */ desc->pages[i], desc->offs[i], ring->size, DMA_FROM_DEVICE);\n}\n';
    const out = rewrite(src, { callee: 'dma_map_phys', append: ['0'] });
    expect(out.split('\n')[2]).toContain('/* why */ desc->pages[i], desc->offs[i], ring->size, DMA_FROM_DEVICE, 0);');
  });
  it('uses the file\'s CRLF line endings when wrapping', () => {
    const src = 'void f(void)\r\n{\r\n\t\tdesc->buf = dma_map_page(ring->dev, desc->pages[i], desc->offs[i], ring->size, DMA_FROM_DEVICE);\r\n}\r\n';
    const tree = parser.parse(src);
    const call = tree.rootNode.descendantsOfType('call_expression')[0]!;
    const edits = rewriteCall(src, call, { callee: 'dma_map_phys', replace: [{ from: 1, to: 2, text: 'page_to_phys(desc->pages[i]) + desc->offs[i]' }], append: ['0'] }, '\r\n');
    const out = applyFixes(src, [{ id: 1, ruleId: 't', notes: [], edits }]).text;
    expect(out).toContain('desc->offs[i],\r\n\t\t\t\t\t ring->size');
    expect(out.replace(/\r\n/g, '')).not.toContain('\n');
  });
});
