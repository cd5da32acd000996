import { describe, expect, it } from 'vitest';
import type { SyntaxNode } from '../../src/core/syntax.js';
import { ancestorChain, closestOfType, parentOf, siblingOf, topLevelItemOf } from '../../src/core/tree/ancestry.js';
import { withNodeMemo } from '../../src/core/tree/node-memo.js';
import { createCParser } from '../../src/engine/parse/index.js';

const parser = createCParser();

/** Every node of the tree, in document order (a cursor walk). */
function allNodes(root: SyntaxNode): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  const cursor = root.walk();
  for (;;) {
    out.push(cursor.currentNode);
    if (cursor.gotoFirstChild()) continue;
    while (!cursor.gotoNextSibling()) if (!cursor.gotoParent()) return out;
  }
}

function parentWalk(node: SyntaxNode): number[] {
  const ids: number[] = [];
  for (let p = node.parent; p; p = p.parent) ids.unshift(p.id);
  return ids;
}

// Clean code, a #define body, #if branches, an ERROR node, MISSING tokens (zero-width), nesting.
const SOURCES = [
  'static int a;\nint f(int x)\n{\n\tif (x)\n\t\treturn g((x + 1) * 2);\n\treturn 0;\n}\n',
  '#define M(p) do { kunmap_atomic(p); } while (0)\n#ifdef CONFIG_X\nint g(void) { return 1; }\n#else\nint g(void) { return 2; }\n#endif\n',
  'int f( { kmap_atomic(p); }\nvoid h(void) { int y = 1 }\nvoid k(void) { x = (a ? b : c); }\n',
  'void f(void) { char *p = kmap_atomic(page) + off; memcpy(d, p, n); kunmap_atomic(p) }\n',
];

describe('ancestry', () => {
  it('gives every node the chain a walk up `parent` gives, in normal and damaged trees, remembered or not', () => {
    for (const [src, remembered] of SOURCES.flatMap((s) => [[s, true], [s, false]] as const)) {
      if (remembered) {
        withNodeMemo(() => checkChains(src));
        continue;
      }
      checkChains(src);
    }
  });

  function checkChains(src: string): void {
    {
      const tree = parser.parse(src);
      const nodes = allNodes(tree.rootNode);
      expect(nodes.length).toBeGreaterThan(10);
      for (const node of nodes) {
        const expected = parentWalk(node);
        expect(ancestorChain(node).map((n) => n.id)).toEqual(expected);
        expect(parentOf(node)?.id ?? null).toBe(node.parent?.id ?? null);
        let item = node;
        while (item.parent && item.parent.parent) item = item.parent;
        expect(topLevelItemOf(node).id).toBe(item.id);
        expect(siblingOf(node, 1, false)?.id ?? null).toBe(node.nextSibling?.id ?? null);
        expect(siblingOf(node, -1, false)?.id ?? null).toBe(node.previousSibling?.id ?? null);
        expect(siblingOf(node, 1, true)?.id ?? null).toBe(node.nextNamedSibling?.id ?? null);
        expect(siblingOf(node, -1, true)?.id ?? null).toBe(node.previousNamedSibling?.id ?? null);
      }
      // Asked again (now from what was remembered), the answers are the same.
      for (const node of nodes) expect(ancestorChain(node).map((n) => n.id)).toEqual(parentWalk(node));
    }
  }

  it('finds the innermost ancestor of a type, or the node itself', () => {
    const src = 'int f(int x) { if (x) { g(x); } return 0; }\n';
    const tree = parser.parse(src);
    const g = tree.rootNode.descendantForIndex(src.indexOf('g('), src.indexOf('g(') + 1);
    expect(closestOfType(g, new Set(['compound_statement']))?.startIndex).toBe(src.indexOf('{ g'));
    expect(closestOfType(g, new Set(['identifier']))?.id).toBe(g.id);
    expect(closestOfType(g, new Set(['while_statement']))).toBeUndefined();
  });
});
