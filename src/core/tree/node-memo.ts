/**
 * Remembered answers to the tree question the plan asks most: a node's
 * ancestors and siblings (core/tree/ancestry.ts). tree-sitter's `parent` is
 * not a stored link: each call descends from the root and marshals a fresh
 * handle, and the control-flow graph, the flow events, the locals and the
 * kmap lifetimes ask it of the same nodes again and again. Field children and
 * named children were remembered too; that saved about 1% of CPU on a dense
 * file and nothing on a kernel tree, and cost a fifth of the peak memory of
 * a dense file (80 MB of 400 for 4,000 kmap functions, 0.4 GB for 40,000), so
 * they are asked of the tree each time.
 *
 * Answers are kept only inside `withNodeMemo()` (the parse, match and plan of
 * one file: engine/pipeline/process-file.ts opens it) and dropped when it
 * returns: node handles hold their tree, and handles kept in a module-wide table would keep every parsed tree's native
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
  current = { parents: new Map(), children: new Map(), items: new Map() };
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
