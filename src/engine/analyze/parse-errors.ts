/** Is a site inside, or next to, a region tree-sitter could not parse? */
import type { SyntaxNode } from '../../core/syntax.js';
import { statementOf } from './syntax.js';

export type ParseProblem = 'parse-error' | 'near-parse-error';

/**
 * Is the node inside an ERROR node of its own function? Damage is isolated
 * per function: tree-sitter often recovers a whole function inside an ERROR
 * node left by code before it, and that function's own tree is sound.
 */
export function insideErrorNode(node: SyntaxNode): boolean {
  for (let p: SyntaxNode | null = node; p; p = p.parent) {
    if (p.type === 'ERROR') return true;
    if (p.type === 'function_definition') return false;
  }
  return false;
}

/**
 * `parse-error`: the site itself lies in an ERROR node. `near-parse-error`:
 * its statement contains an ERROR or MISSING node, or a neighbouring
 * statement is one, so the tree around the site may be misread.
 */
export function parseProblemAt(node: SyntaxNode): ParseProblem | undefined {
  if (insideErrorNode(node)) return 'parse-error';
  const stmt = statementOf(node);
  if (stmt.hasError) return 'near-parse-error';
  for (const sib of [stmt.previousSibling, stmt.nextSibling]) {
    if (sib && (sib.type === 'ERROR' || sib.isMissing)) return 'near-parse-error';
  }
  return undefined;
}

/** Enclosing conditional-compilation branches, innermost first (e.g. `#ifdef CONFIG_X`, `#else`). */
export function preprocessorBranches(node: SyntaxNode): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  for (let p = node.parent; p; p = p.parent) {
    if (p.type === 'preproc_if' || p.type === 'preproc_ifdef' || p.type === 'preproc_else' || p.type === 'preproc_elif' || p.type === 'preproc_elifdef') {
      out.push(p);
    }
  }
  return out;
}
