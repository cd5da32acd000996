/**
 * Comments that still name an API a rule replaced: a reviewer reads them
 * against the new code. Only comment nodes are read; none is edited (a
 * comment is prose: the tool lists it as a to-do, it never rewrites it).
 */
import { siblingOf } from '../../core/tree/ancestry.js';
import type { SyntaxNode } from '../../core/syntax.js';
import { enclosingFunction } from './flow/locals.js';

/**
 * Comments in the function holding `site`, and the comment block just above
 * that function, whose text `names` matches. Empty outside a function.
 *
 * `wordsOnly`: `names` matches only inside a comment's text, never at its
 * first character (a comment opens with `/`) and never because the text ends
 * there (a word ending a line comment is followed by a newline in the file);
 * e.g. `\bkmap_atomic\b`. Such a pattern that does not match the function's
 * text matches none of its comments, and they are not read.
 */
export function commentsNaming(site: SyntaxNode, names: RegExp, options: { readonly wordsOnly?: boolean } = {}): SyntaxNode[] {
  const fn = enclosingFunction(site);
  if (!fn) return [];
  const test = new RegExp(names.source, names.flags.replace('g', ''));
  const out = options.wordsOnly && !test.test(fn.text) ? [] : fn.descendantsOfType('comment');
  for (let c = siblingOf(fn, -1, false), row = fn.startPosition.row; c?.type === 'comment' && c.endPosition.row >= row - 1; row = c.startPosition.row, c = siblingOf(c, -1, false)) out.unshift(c);
  return out.filter((c) => test.test(c.text));
}

/**
 * The to-do line for such comments: "f(): the comment at line 12 still
 * names dma_map_page(); dma-migrate does not edit comments: check it still
 * describes the code".
 */
export function staleCommentTodo(fnName: string, comments: readonly SyntaxNode[], named: string): string {
  const lines = comments.map((c) => c.startPosition.row + 1);
  const many = lines.length > 1;
  return `${fnName}(): the comment${many ? 's' : ''} at line${many ? 's' : ''} ${lines.join(', ')} still name${many ? '' : 's'} ${named}; dma-migrate does not edit comments: check ${many ? 'they' : 'it'} still describe${many ? '' : 's'} the code`;
}
