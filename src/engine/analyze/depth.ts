/**
 * Syntax nesting depth, measured without recursion. The analyses that read a
 * function (normaliser views, control flow, lifetimes, the behaviour model)
 * recurse over its tree; a function nested deeper than MAX_SYNTAX_DEPTH
 * (2,000 braces, 5,000 parentheses, a 2,000-long `else if` chain) would
 * overflow the stack. Such a function's sites are reported `too-deep` and the
 * function is not analysed; the rest of the file is.
 */
import type { SyntaxNode } from '../../core/syntax.js';
import { topLevelItemOf } from '../../core/tree/ancestry.js';

/**
 * Far above real code (the deepest function in Linux 7.3 with a migrated
 * API nests under 100 levels) and far below the depth at which a recursive
 * walk of a few frames per level overflows Node's default stack, in the main
 * thread or a worker, so the verdict does not depend on -j.
 */
export const MAX_SYNTAX_DEPTH = 400;

/** Is any node under `node` more than `limit` levels below it? Iterative (a tree cursor), so it cannot overflow. */
export function nestedDeeperThan(node: SyntaxNode, limit: number = MAX_SYNTAX_DEPTH): boolean {
  // A node `limit` levels down needs `limit` nodes above it in the subtree: a subtree of
  // no more nodes (the parser keeps the count) cannot nest that deep, and is not walked.
  if (node.descendantCount <= limit) return false;
  const cursor = node.walk();
  let depth = 0;
  for (;;) {
    if (cursor.gotoFirstChild()) {
      if (++depth > limit) return true;
      continue;
    }
    for (;;) {
      if (depth === 0) return false;
      if (cursor.gotoNextSibling()) break;
      cursor.gotoParent();
      depth--;
    }
  }
}

/** The top-level item (function, declaration) holding `node`: its ancestor whose parent is the root. */
export function topLevelItem(node: SyntaxNode): SyntaxNode {
  return topLevelItemOf(node);
}

/** Remembers, per top-level item, whether it is too deep to analyse. */
export class DepthGate {
  private readonly known = new Map<number, boolean>();
  constructor(private readonly limit: number = MAX_SYNTAX_DEPTH) {}

  /** Is the top-level item holding `node` nested deeper than the limit? */
  tooDeep(node: SyntaxNode): boolean {
    const item = topLevelItem(node);
    let deep = this.known.get(item.startIndex);
    if (deep === undefined) {
      deep = nestedDeeperThan(item, this.limit);
      this.known.set(item.startIndex, deep);
    }
    return deep;
  }
}
