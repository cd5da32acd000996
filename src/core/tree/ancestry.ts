/**
 * A node's ancestors without walking `parent`. The binding's `parent` is not
 * a stored link: tree-sitter finds a node's parent by descending from the
 * root (`ts_node_parent`), stepping through the root's children one by one,
 * and marshals the answer into a fresh object. A walk up k levels in a file
 * of N top-level items therefore costs k·N steps: per site, it grows with the
 * file. Here the top-level items of a tree are listed once (binary search by
 * position), and the chain inside an item is taken in one descent with a
 * cursor.
 *
 * For a node with a non-empty range the chain found is the one `parent`
 * gives (non-empty siblings never overlap, so the child holding the range is
 * the only one); a zero-width node (a MISSING token), or a descent that does
 * not arrive at the node, falls back to walking `parent`. The item lists and
 * the chains found are remembered inside `withNodeMemo()` (node-memo.ts);
 * outside one, these helpers walk `parent` as before.
 */
import type { SyntaxNode, Tree } from '../syntax.js';
import { nodeMemo, type ChildList, type NodeMemo } from './node-memo.js';

function itemsOf(memo: NodeMemo, tree: Tree): { readonly items: readonly SyntaxNode[]; readonly starts: readonly number[]; readonly ends: readonly number[] } {
  let known = memo.items.get(tree);
  if (!known) {
    const items = tree.rootNode.children;
    known = { items, starts: items.map((i) => i.startIndex), ends: items.map((i) => i.endIndex) };
    memo.items.set(tree, known);
  }
  return known;
}

function parentsOf(memo: NodeMemo, tree: Tree): Map<number, SyntaxNode | null> {
  let known = memo.parents.get(tree);
  if (!known) memo.parents.set(tree, (known = new Map()));
  return known;
}

function walkUp(node: SyntaxNode): SyntaxNode[] {
  const chain: SyntaxNode[] = [];
  for (let p = node.parent; p; p = p.parent) chain.push(p);
  return chain.reverse();
}

/** The index of the last of the sorted `starts` that is <= `start`, or -1. */
function lastStartingBy(starts: readonly number[], start: number): number {
  let lo = 0;
  let hi = starts.length - 1;
  let at = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (starts[mid]! <= start) {
      at = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return at;
}

/** The non-empty top-level item whose range holds [start, end) (start < end), if any. */
function itemHolding(memo: NodeMemo, tree: Tree, start: number, end: number): SyntaxNode | undefined {
  const { items, starts, ends } = itemsOf(memo, tree);
  let at = lastStartingBy(starts, start);
  while (at >= 0 && starts[at] === ends[at]) at--;
  return at >= 0 && ends[at]! >= end ? items[at] : undefined;
}

/**
 * The ancestors of `node`, the root first and its parent last (empty for the
 * root): what `node.parent`, `node.parent.parent`, ... give, in reverse.
 */
export function ancestorChain(node: SyntaxNode): SyntaxNode[] {
  const memo = nodeMemo();
  if (!memo) return walkUp(node);
  const parents = parentsOf(memo, node.tree);
  const id = node.id;
  let chain: SyntaxNode[] | undefined;
  if (parents.has(id)) {
    // Known from an earlier chain: follow the remembered links.
    chain = [];
    for (let p: SyntaxNode | null = parents.get(id)!; p; ) {
      chain.push(p);
      const up = parents.get(p.id);
      if (up === undefined) {
        chain.push(...ancestorChain(p).reverse());
        break;
      }
      p = up;
    }
    return chain.reverse();
  }
  const start = node.startIndex;
  const end = node.endIndex;
  if (start < end) chain = descend(memo, node, id, start, end);
  chain ??= walkUp(node);
  for (let i = 0; i < chain.length; i++) parents.set(chain[i]!.id, i === 0 ? null : chain[i - 1]!);
  parents.set(id, chain.length > 0 ? chain[chain.length - 1]! : null);
  return chain;
}

/** `node.parent` (null for the root), through the chain above (remembered per tree). */
export function parentOf(node: SyntaxNode): SyntaxNode | null {
  const memo = nodeMemo();
  if (!memo) return node.parent;
  const known = parentsOf(memo, node.tree).get(node.id);
  if (known !== undefined) return known;
  const chain = ancestorChain(node);
  return chain.length > 0 ? chain[chain.length - 1]! : null;
}

function descend(memo: NodeMemo, node: SyntaxNode, id: number, start: number, end: number): SyntaxNode[] | undefined {
  const tree = node.tree;
  const root = tree.rootNode;
  if (root.id === id) return [];
  const item = itemHolding(memo, tree, start, end);
  if (!item) return undefined;
  if (item.id === id) return [root];
  const chain = [root, item];
  const cursor = item.walk();
  for (;;) {
    if (cursor.gotoFirstChildForIndex(start) === null) return undefined;
    const s = cursor.startIndex;
    const e = cursor.endIndex;
    if (s > start || e < end) return undefined;
    const current = cursor.currentNode;
    if (s === start && e === end && current.id === id) return chain;
    chain.push(current);
  }
}

/** The innermost of `node` and its ancestors whose type is in `types`, as a walk up `parent` finds it. */
export function closestOfType(node: SyntaxNode, types: ReadonlySet<string>): SyntaxNode | undefined {
  if (types.has(node.type)) return node;
  const chain = ancestorChain(node);
  for (let i = chain.length - 1; i >= 0; i--) if (types.has(chain[i]!.type)) return chain[i];
  return undefined;
}

/**
 * The top-level item holding `node`: its ancestor (or itself) whose parent is
 * the root; the root itself for the root. Same as walking `parent` while the
 * parent has a parent.
 */
export function topLevelItemOf(node: SyntaxNode): SyntaxNode {
  const memo = nodeMemo();
  const start = node.startIndex;
  const end = node.endIndex;
  if (memo && start < end && node.tree.rootNode.id !== node.id) {
    const item = itemHolding(memo, node.tree, start, end);
    if (item) return item;
  }
  let item = node;
  while (item.parent && item.parent.parent) item = item.parent;
  return item;
}


function childListOf(memo: NodeMemo, parent: SyntaxNode, named: boolean): ChildList {
  let entry = memo.children.get(parent);
  if (!entry) memo.children.set(parent, (entry = {}));
  const key = named ? 'named' : 'all';
  let known = entry[key];
  if (!known) {
    const list = named ? parent.namedChildren : parent.children;
    entry[key] = known = { list, starts: list.map((c) => c.startIndex) };
  }
  return known;
}

/**
 * `node.nextSibling` (step 1) or `node.previousSibling` (step -1), or their
 * named forms. The binding finds a sibling through the node's parent (a
 * descent from the root) and that parent's children; here the parent comes
 * from the chain above and its children are listed once. A node or a sibling
 * without range (a MISSING token), where tree-sitter compares positions
 * rather than order, asks the tree.
 */
export function siblingOf(node: SyntaxNode, step: 1 | -1, named: boolean): SyntaxNode | null {
  const ask = () => (named ? (step === 1 ? node.nextNamedSibling : node.previousNamedSibling) : step === 1 ? node.nextSibling : node.previousSibling);
  const memo = nodeMemo();
  if (!memo) return ask();
  const start = node.startIndex;
  if (start >= node.endIndex) return ask();
  const parent = parentOf(node);
  if (!parent) return null;
  const { list, starts } = childListOf(memo, parent, named);
  let at = lastStartingBy(starts, start);
  const id = node.id;
  while (at >= 0 && starts[at] === start && list[at]!.id !== id) at--;
  if (at < 0 || starts[at] !== start) return ask();
  const sibling = list[at + step];
  if (!sibling) return null;
  return sibling.startIndex < sibling.endIndex ? sibling : ask();
}
