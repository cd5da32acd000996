/**
 * Remembered answers to the tree questions the plan asks most: a node's
 * field child, its named children, its ancestors (core/tree/ancestry.ts).
 * Each such question crosses into the parser and marshals fresh node handles
 * (about 2 µs; `parent` also descends from the root); the control-flow graph,
 * the flow events, the locals and the kmap lifetimes ask the same ones of the
 * same nodes again and again.
 *
 * Answers are kept only inside `withNodeMemo()` (the parse, match and plan of
 * one file) and dropped when it returns: node handles hold their tree, and
 * handles kept in a module-wide table would keep every parsed tree's native
 * memory alive until the next full garbage collection (peak RSS of a kernel
 * run went from 0.5 to 0.9 GB when they were). Outside a scope every helper
 * asks the tree directly. Trees are never edited while their nodes are read
 * (an edited tree is only the base of a new parse), so an answer never goes
 * stale within a scope.
 */
import type { SyntaxNode, Tree } from '../syntax.js';

/** A node's children (all, or the named ones) and their start indices, for sibling questions. */
export interface ChildList {
  readonly list: readonly SyntaxNode[];
  readonly starts: readonly number[];
}

/** What one scope remembers. */
export interface NodeMemo {
  readonly fields: Map<SyntaxNode, Map<string, SyntaxNode | null>>;
  readonly namedChildren: Map<SyntaxNode, readonly SyntaxNode[]>;
  /** Per tree: the parent of each node (by id) whose ancestor chain was taken. */
  readonly parents: Map<Tree, Map<number, SyntaxNode | null>>;
  /** Per parent: its children and named children, for siblings. */
  readonly children: Map<SyntaxNode, { all?: ChildList; named?: ChildList }>;
  /** Per tree: its top-level items and their ranges. */
  readonly items: Map<Tree, { readonly items: readonly SyntaxNode[]; readonly starts: readonly number[]; readonly ends: readonly number[] }>;
}

let current: NodeMemo | undefined;

/** Runs `run` with answers remembered (a scope already open is reused). */
export function withNodeMemo<T>(run: () => T): T {
  if (current) return run();
  current = { fields: new Map(), namedChildren: new Map(), parents: new Map(), children: new Map(), items: new Map() };
  try {
    return run();
  } finally {
    current = undefined;
  }
}

/** The open scope's memo, if any. */
export function nodeMemo(): NodeMemo | undefined {
  return current;
}

/** `node.childForFieldName(name)`, remembered in a scope. The binding hands out one object per live node, so answers are kept per node object. */
export function fieldOf(node: SyntaxNode, name: string): SyntaxNode | null {
  const memo = current;
  if (!memo) return node.childForFieldName(name);
  let known = memo.fields.get(node);
  if (!known) memo.fields.set(node, (known = new Map()));
  let child = known.get(name);
  if (child === undefined) known.set(name, (child = node.childForFieldName(name)));
  return child;
}

/** `node.namedChildren`, remembered in a scope (a fresh array each time: callers may change theirs). */
export function namedChildrenOf(node: SyntaxNode): SyntaxNode[] {
  const memo = current;
  if (!memo) return node.namedChildren;
  let known = memo.namedChildren.get(node);
  if (!known) memo.namedChildren.set(node, (known = node.namedChildren));
  return known.slice();
}
