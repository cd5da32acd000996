/**
 * Rewrite a map_page parameter list `(dev, struct page *page, unsigned long
 * offset, size, dir, attrs)` to `(dev, phys_addr_t phys, size, dir, attrs)`
 * (or, for an internal helper, the page and offset at another position).
 *
 * Layout: the lines before the first changed parameter stay as they are;
 * from there the parameters are re-packed greedily, each continuation line
 * keeping the file's own continuation indent (usually aligned under the
 * parenthesis), within 80 columns when the original fitted in 80, else 100.
 * This reproduces the upstream conversions' layout (x86 gart, sparc).
 */
import type { SyntaxNode } from '../../core/syntax.js';
import { MAX_COLUMNS, indentTo, lineStartIndex, visualWidth } from '../../engine/edit/layout.js';
import type { EditSet } from './edit-set.js';
import type { Parameter } from './provider-functions.js';

const PREFERRED_COLUMNS = 80;

export function rewriteMapSignature(text: string, list: SyntaxNode, params: readonly Parameter[], phys: string | undefined, edits: EditSet, newline: string, at = 1): void {
  const physText = phys === undefined ? 'phys_addr_t' : `phys_addr_t ${phys}`;
  const pageParam = params[at]!;
  const offsetParam = params[at + 1]!;
  if (list.namedChildren.some((c) => c.type === 'comment')) {
    // Comments among the parameters: the smallest edits, no re-packing.
    edits.replace({ start: pageParam.node.startIndex, end: pageParam.node.endIndex }, physText);
    edits.replace({ start: pageParam.node.endIndex, end: offsetParam.node.endIndex }, '');
    return;
  }
  let newParams = [physText, ...params.slice(at + 2).map((p) => p.node.text)];
  let start = pageParam.node.startIndex;
  if (startsLine(text, offsetParam.node) && params.length > at + 2) {
    // The line holding page keeps its layout; re-packing starts on offset's line, the one that shrinks.
    edits.replace({ start: pageParam.node.startIndex, end: pageParam.node.endIndex }, physText);
    newParams = params.slice(at + 2).map((p) => p.node.text);
    start = offsetParam.node.startIndex;
  }
  const end = params[params.length - 1]!.node.endIndex;
  const startCol = visualWidth(text.slice(lineStartIndex(text, start), start));
  const parenCol = visualWidth(text.slice(lineStartIndex(text, list.startIndex), list.startIndex + 1));
  // The file's continuation column, written the kernel way (tabs, then spaces) on the lines we rewrite.
  const continuation = indentTo(visualWidth(continuationIndent(text, params) ?? indentTo(parenCol)));
  const contCol = visualWidth(continuation);
  const original = text.slice(lineStartIndex(text, list.startIndex), text.indexOf('\n', list.endIndex) === -1 ? text.length : text.indexOf('\n', list.endIndex));
  const widest = Math.max(...original.split('\n').map((l) => visualWidth(l.replace(/\r$/, ''))));
  const limit = widest <= PREFERRED_COLUMNS ? PREFERRED_COLUMNS : MAX_COLUMNS;
  const trailing = text.slice(list.endIndex - 1, lineEnd(text, list.endIndex)); // ")" and what follows on its line
  if (params.length > 2 && params.slice(at).every((p) => startsLine(text, p.node))) {
    // One parameter per line: keep that style.
    const from = startsLine(text, { startIndex: start }) ? lineStartIndex(text, start) : start;
    edits.replace({ start: from, end }, (from < start ? continuation : '') + newParams.join(`,${newline}${continuation}`));
    return;
  }
  // A re-packed first line that starts a line gets the normalised indent too.
  const ownLine = startsLine(text, { startIndex: start });
  let out = ownLine ? continuation : '';
  let col = ownLine ? contCol : startCol;
  if (ownLine) start = lineStartIndex(text, start);
  newParams.forEach((p, i) => {
    const isLast = i === newParams.length - 1;
    const tail = isLast ? visualWidth(trailing) : 1;
    if (i === 0) {
      out += p;
      col += visualWidth(p);
      return;
    }
    if (col + 1 + 1 + visualWidth(p) + tail <= limit) {
      out += `, ${p}`;
      col += 2 + visualWidth(p);
    } else {
      out += `,${newline}${continuation}${p}`;
      col = contCol + visualWidth(p);
    }
  });
  edits.replace({ start, end }, out);
}

function startsLine(text: string, node: { readonly startIndex: number }): boolean {
  return /^[ \t]*$/.test(text.slice(lineStartIndex(text, node.startIndex), node.startIndex));
}

/** The leading whitespace of the first parameter that starts a line, if any. */
function continuationIndent(text: string, params: readonly Parameter[]): string | undefined {
  for (const p of params.slice(1)) {
    const ls = lineStartIndex(text, p.node.startIndex);
    const before = text.slice(ls, p.node.startIndex);
    if (/^[ \t]*$/.test(before)) return before;
  }
  return undefined;
}

function lineEnd(text: string, index: number): number {
  const nl = text.indexOf('\n', index);
  const end = nl === -1 ? text.length : nl;
  return end > 0 && text[end - 1] === '\r' ? end - 1 : end;
}
