/**
 * Deliberate mistakes made in dma-migrate's output through the syntax tree,
 * one per file, for the real-code check of the behaviour model.
 */
import type { SyntaxNode } from '../../src/core/syntax.js';

function calls(root: SyntaxNode, name: string): SyntaxNode[] {
  return root.descendantsOfType('call_expression').filter((c) => c.childForFieldName('function')?.text === name);
}

function args(call: SyntaxNode): SyntaxNode[] {
  return (call.childForFieldName('arguments')?.namedChildren ?? []).filter((a) => a.type !== 'comment');
}

function splice(text: string, node: SyntaxNode, replacement: string): string {
  return text.slice(0, node.startIndex) + replacement + text.slice(node.endIndex);
}

/** One mistake per kind, at the first place it applies; undefined when it does not. */
export const MUTATIONS: Record<string, (text: string, root: SyntaxNode) => string | undefined> = {
  'offset-dropped': (t, root) => {
    for (const c of calls(root, 'dma_map_phys')) {
      const phys = args(c)[1];
      const left = phys?.childForFieldName('left');
      if (phys?.type === 'binary_expression' && phys.childForFieldName('operator')?.text === '+' && left?.text.startsWith('page_to_phys(')) return splice(t, phys, left.text);
    }
    return undefined;
  },
  'direction-swapped': (t, root) => {
    for (const c of calls(root, 'dma_map_phys')) {
      const dir = args(c)[3];
      if (dir?.text === 'DMA_TO_DEVICE') return splice(t, dir, 'DMA_FROM_DEVICE');
      if (dir?.text === 'DMA_FROM_DEVICE') return splice(t, dir, 'DMA_TO_DEVICE');
    }
    return undefined;
  },
  'mmio-dropped': (t, root) => {
    for (const c of calls(root, 'dma_map_phys')) {
      const attrs = args(c)[4];
      if (attrs?.text === 'DMA_ATTR_MMIO') return splice(t, attrs, '0');
      if (attrs?.type === 'binary_expression' && attrs.childForFieldName('right')?.text === 'DMA_ATTR_MMIO') return splice(t, attrs, attrs.childForFieldName('left')!.text);
    }
    return undefined;
  },
  'unmap-size-changed': (t, root) => {
    const size = calls(root, 'dma_unmap_phys').map((c) => args(c)[2]).find((a) => a !== undefined);
    return size ? splice(t, size, `(${size.text}) + 1`) : undefined;
  },
  'kunmap-local-given-page': (t, root) => {
    for (const map of calls(root, 'kmap_local_page')) {
      const page = args(map)[0];
      const fn = map.closest('function_definition');
      const unmap = fn ? calls(fn, 'kunmap_local').find((u) => u.startIndex > map.endIndex) : undefined;
      const addr = unmap ? args(unmap)[0] : undefined;
      if (page && addr) return splice(t, addr, page.text);
    }
    return undefined;
  },
};

