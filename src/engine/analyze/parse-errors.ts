/** Is a site inside, or next to, a region tree-sitter could not parse? */
import type { SyntaxNode } from '../../core/syntax.js';
import { statementOf } from './syntax.js';
import { ancestorChain, siblingOf } from '../../core/tree/ancestry.js';

export type ParseProblem = 'parse-error' | 'near-parse-error';

/**
 * Is the node inside an ERROR node of its own function? Damage is isolated
 * per function: tree-sitter often recovers a whole function inside an ERROR
 * node left by code before it, and that function's own tree is sound.
 */
export function insideErrorNode(node: SyntaxNode): boolean {
  // A tree without errors has no ERROR node.
  if (!node.tree.rootNode.hasError) return false;
  if (node.type === 'ERROR') return true;
  if (node.type === 'function_definition') return false;
  const chain = ancestorChain(node);
  for (let i = chain.length - 1; i >= 0; i--) {
    const type = chain[i]!.type;
    if (type === 'ERROR') return true;
    if (type === 'function_definition') return false;
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
  for (const sib of [siblingOf(stmt, -1, false), siblingOf(stmt, 1, false)]) {
    if (sib && (sib.type === 'ERROR' || sib.isMissing)) return 'near-parse-error';
  }
  return undefined;
}

/** Enclosing conditional-compilation branches, innermost first (e.g. `#ifdef CONFIG_X`, `#else`). */
export function preprocessorBranches(node: SyntaxNode): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  const chain = ancestorChain(node);
  for (let i = chain.length - 1; i >= 0; i--) {
    const p = chain[i]!;
    if (p.type === 'preproc_if' || p.type === 'preproc_ifdef' || p.type === 'preproc_else' || p.type === 'preproc_elif' || p.type === 'preproc_elifdef') {
      out.push(p);
    }
  }
  return out;
}

/**
 * Where a block comment opens that is never closed, if any: the compiler
 * reads the rest of the file as that comment, while tree-sitter recovers and
 * parses the code after it. Reads the text once, skipping string and
 * character literals and line comments (with backslash continuations).
 */
export function unterminatedCommentAt(text: string): number | undefined {
  const n = text.length;
  let i = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 0x2f && text.charCodeAt(i + 1) === 0x2a) {
      const end = text.indexOf('*/', i + 2);
      if (end === -1) return i;
      i = end + 2;
    } else if (c === 0x2f && text.charCodeAt(i + 1) === 0x2f) {
      i += 2;
      while (i < n && !(text.charCodeAt(i) === 0x0a && text.charCodeAt(i - 1) !== 0x5c)) i++;
    } else if (c === 0x22 || c === 0x27) {
      i++;
      while (i < n && text.charCodeAt(i) !== c && text.charCodeAt(i) !== 0x0a) i += text.charCodeAt(i) === 0x5c ? 2 : 1;
      i++;
    } else i++;
  }
  return undefined;
}
