/**
 * Type-only view of tree-sitter's syntax tree, so rules and analyses can
 * name node types without importing the native binding (only src/parse does).
 */
export type { SyntaxNode, Tree, TreeCursor, Query, QueryMatch, QueryCapture } from 'tree-sitter';
