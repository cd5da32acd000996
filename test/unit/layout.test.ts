import { describe, expect, it } from 'vitest';
import { fileLayout, indentTo, visualWidth } from '../../src/engine/edit/layout.js';
import { endsWithLoneArgument, renameWithinLimit, rewriteCall, wrapArguments } from '../../src/engine/edit/call-rewrite.js';
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

/** A file that keeps to 80 columns: forty short lines before `body`. */
function eighty(body: string): string {
  return `${'int filler_line_of_some_length_here;\n'.repeat(40)}void f(void)\n{\n${body}}\n`;
}

describe('file layout habits', () => {
  it('learns 80 columns when the lines keep to 80, else 100', () => {
    expect(fileLayout(eighty('\tx = 1;\n')).limit).toBe(80);
    expect(fileLayout(eighty(`\tx = ${'a + '.repeat(25)}1;\n\ty = ${'b + '.repeat(25)}1;\n`)).limit).toBe(100);
    // A long string literal does not count against the habit.
    expect(fileLayout(eighty(`\tpr_err("${'x'.repeat(90)}");\n`)).limit).toBe(80);
  });
  it('learns whether continuation lines align under the open parenthesis', () => {
    const aligned = 'void f(void)\n{\n\tfoo(a, b,\n\t    c);\n\tbar(a,\n\t    c);\n}\n';
    const tabbed = 'void f(void)\n{\n\tfoo(a, b,\n\t\tc);\n\tbarbaz(a,\n\t\tc);\n}\n';
    expect(fileLayout(aligned).continuation).toBe('align');
    expect(fileLayout(tabbed).continuation).toBe('tab');
  });
});

describe('layout that matches the file', () => {
  it('wraps a call that passes 80 columns in a file that keeps to 80', () => {
    const src = eighty('\treturn dma_map_page(dev, page, 0, PAGE_SIZE, DMA_BIDIRECTIONAL);\n');
    const out = rewrite(src, { callee: 'dma_map_phys', replace: [{ from: 1, to: 2, text: 'page_to_phys(page)' }], append: ['0'] });
    expect(out).toContain('\treturn dma_map_phys(dev, page_to_phys(page), PAGE_SIZE,\n\t\t\t    DMA_BIDIRECTIONAL, 0);\n');
    for (const l of out.split('\n')) expect(visualWidth(l)).toBeLessThanOrEqual(80);
  });
  it('never leaves a short last argument alone under a line of several (octep_tx "0);")', () => {
    const inner = wrapArguments('\t\t\tdma_unmap_phys(', ['iq->dev', 'tx_buffer->sglist[i >> 2].dma_ptr[i & 3]', 'tx_buffer->sglist[i >> 2].len[3 - (i & 3)]', 'DMA_TO_DEVICE', '0'], ');', '\n', [], { limit: 100 });
    const lines = inner.split('\n');
    expect(lines[lines.length - 1]!.trim()).toBe('DMA_TO_DEVICE, 0');
  });
  it('joins a realigned last argument that now fits on the line before', () => {
    // A file of 100 columns (it has a code line past 80).
    const src = `void f(void)\n{\n\tx = ${'a + '.repeat(22)}1;\n\t\tdma_unmap_resource(dev, sg->dma_address, sg->length, dir,\n\t\t\t\t   DMA_ATTR_SKIP_CPU_SYNC);\n}\n`;
    const out = rewrite(src, { callee: 'dma_unmap_phys' });
    expect(out).toContain('\t\tdma_unmap_phys(dev, sg->dma_address, sg->length, dir, DMA_ATTR_SKIP_CPU_SYNC);\n');
  });
  it('falls back to one tab past the statement when aligned continuations cannot fit (pvr_vm_mips.c)', () => {
    const src = 'void f(void)\n{\n\t\tmips_data->pt_dma_addr[page_nr] = dma_map_page(dev, mips_data->pt_pages[page_nr], 0,\n\t\t\t\t\t\t\t       PAGE_SIZE, DMA_TO_DEVICE);\n}\n';
    const out = rewrite(src, { callee: 'dma_map_phys', replace: [{ from: 1, to: 2, text: 'page_to_phys(mips_data->pt_pages[page_nr])' }], append: ['0'] });
    for (const l of out.split('\n')) expect(visualWidth(l)).toBeLessThanOrEqual(100);
    expect(out).toContain('\n\t\t\tpage_to_phys(mips_data->pt_pages[page_nr]), PAGE_SIZE, DMA_TO_DEVICE, 0);');
  });
  it('drops trailing whitespace on a line it rewrites, and only there (alpha pci_iommu.c)', () => {
    const src = 'void f(void)\n{\n\tint x = 1; \n\treturn pci_map_single_1(pdev, (char *)page_address(page) + offset, \n\t\t\t\tsize, dac_allowed);\n}\n';
    const out = rewrite(src, { replace: [{ from: 1, to: 1, text: '(char *)phys_to_virt(phys)' }] });
    expect(out).toContain('\treturn pci_map_single_1(pdev, (char *)phys_to_virt(phys),\n');
    expect(out).toContain('\tint x = 1; \n');
  });
  it('tells a lone last argument from a parameter declaration', () => {
    expect(endsWithLoneArgument('\tfoo(a, b,\n\t    c);', 80)).toBe(true);
    expect(endsWithLoneArgument('\t\tphys_addr_t phys, size_t len, enum dma_data_direction dir,\n\t\tunsigned long attrs)', 100)).toBe(false);
  });
});

describe('comments naming a replaced argument', () => {
  it('drops a comment trailing an argument merged away (genwqe /* map_offs */), and re-wraps the call', () => {
    const src = eighty('\t\tdaddr = dma_map_page(&pci_dev->dev, page_list[i],\n\t\t\t\t     0,\t /* map_offs */\n\t\t\t\t     PAGE_SIZE,\n\t\t\t\t     DMA_BIDIRECTIONAL);  /* FIXME rd/rw */\n');
    const out = rewrite(src, { callee: 'dma_map_phys', replace: [{ from: 1, to: 2, text: 'page_to_phys(page_list[i])' }], append: ['0'] });
    expect(out).not.toContain('map_offs');
    expect(out).toContain('/* FIXME rd/rw */');
    for (const l of out.split('\n')) expect(visualWidth(l)).toBeLessThanOrEqual(80);
  });
});

describe('a longer callee name in a file that keeps to 80', () => {
  function renamed(body: string): string {
    const src = eighty(body);
    const tree = parser.parse(src);
    const call = tree.rootNode.descendantsOfType('call_expression').find((c) => c.childForFieldName('function')!.text === 'kmap_atomic')!;
    const edits = renameWithinLimit(src, call.childForFieldName('function')!, 'kmap_local_page');
    return applyFixes(src, [{ id: 1, ruleId: 't', notes: [], edits }]).text;
  }
  it('breaks the statement after an operator when the rename pushes it past 80 (target_core_sbc.c)', () => {
    const out = renamed('\t\t\t\tdaddr = kmap_atomic(sg_page(dsg)) + dsg->offset;\n');
    expect(out).toContain('\t\t\t\tdaddr = kmap_local_page(sg_page(dsg)) +\n\t\t\t\t\tdsg->offset;\n');
    for (const l of out.split('\n')) expect(visualWidth(l)).toBeLessThanOrEqual(80);
  });
  it('only renames when the line still fits', () => {
    expect(renamed('\tdaddr = kmap_atomic(sg_page(dsg)) + dsg->offset;\n')).toContain('\tdaddr = kmap_local_page(sg_page(dsg)) + dsg->offset;\n');
  });
});

describe('a call keeps its own line breaks where the result fits', () => {
  const map = (page: string, text: string) => ({ callee: 'dma_map_phys', replace: [{ from: 1, to: 2, text: text || page }], append: ['0'] });
  it('keeps the break after the merged argument, as upstream did in ntb_transport.c (7.3)', () => {
    const src = eighty('\tunmap->addr[0] = dma_map_page(device->dev, virt_to_page(offset),\n\t\t\t\t      pay_off, len, DMA_TO_DEVICE);\n');
    const out = rewrite(src, map('', 'virt_to_phys(offset)'));
    // What 7.3's ntb_transport_async_tx() has, not the greedy "virt_to_phys(offset), len," / "DMA_TO_DEVICE, 0);".
    expect(out).toContain('\tunmap->addr[0] = dma_map_phys(device->dev, virt_to_phys(offset),\n\t\t\t\t      len, DMA_TO_DEVICE, 0);\n');
  });
  it('keeps the break even when the joined call would fit (i915 gvt gtt.c)', () => {
    const src = `${'x'.repeat(90)}\nvoid f(void)\n{\n\tdaddr = dma_map_page(kdev, spt->shadow_page.page,\n\t\t\t     0, 4096, DMA_BIDIRECTIONAL);\n}\n`;
    const out = rewrite(src, map('', 'page_to_phys(spt->shadow_page.page)'));
    expect(out).toContain('\tdaddr = dma_map_phys(kdev, page_to_phys(spt->shadow_page.page),\n\t\t\t     4096, DMA_BIDIRECTIONAL, 0);\n');
  });
  it('lets a line that lost its merged argument take up the line after it (jme.c)', () => {
    const src = eighty('\tdma = dma_map_page(dev, virt_to_page(skb->data),\n\t\t\t offset_in_page(skb->data), skb_tailroom(skb),\n\t\t\t DMA_FROM_DEVICE);\n');
    const out = rewrite(src, map('', 'virt_to_phys(skb->data)'));
    expect(out).toContain('\tdma = dma_map_phys(dev, virt_to_phys(skb->data),\n\t\t\t skb_tailroom(skb), DMA_FROM_DEVICE, 0);\n');
  });
  it('indents one tab past the statement when aligned lines would pass the limit, keeping one argument a line (hfi1 tid_rdma.c)', () => {
    const src = eighty('\t\t\tpset->addr = dma_map_page(&dd->pcidev->dev,\n\t\t\t\t\t\t  pages[pset->idx],\n\t\t\t\t\t\t  0,\n\t\t\t\t\t\t  PAGE_SIZE * pset->count,\n\t\t\t\t\t\t  DMA_FROM_DEVICE);\n');
    const out = rewrite(src, map('', 'page_to_phys(pages[pset->idx])'));
    for (const l of out.split('\n')) expect(visualWidth(l)).toBeLessThanOrEqual(80);
    expect(out).toContain('\t\t\tpset->addr = dma_map_phys(&dd->pcidev->dev,\n\t\t\t\tpage_to_phys(pages[pset->idx]),\n');
  });
  it('does not count a line it leaves as it was, already past the limit, against the rewrite (iwlegacy 4965-mac.c)', () => {
    const src = eighty('\t\tpage_dma = dma_map_page(&il->pci_dev->dev, page, 0,\n\t\t\t\t\tPAGE_SIZE << il->hw_params.rx_page_order,\n\t\t\t\t\tDMA_FROM_DEVICE);\n');
    const out = rewrite(src, map('', 'page_to_phys(page)'));
    expect(out).toContain('\t\tpage_dma = dma_map_phys(&il->pci_dev->dev, page_to_phys(page),\n\t\t\t\t\tPAGE_SIZE << il->hw_params.rx_page_order,\n\t\t\t\t\tDMA_FROM_DEVICE, 0);\n');
  });
});
