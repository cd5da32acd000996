/**
 * DMA_ATTR_MMIO handling in the new callbacks (reference §2.5 item 8). In
 * 6.19 MMIO requests reach .map_phys with `attrs & DMA_ATTR_MMIO`, so a
 * provider either rejects them (what most arches did, when the ops had no
 * .map_resource) or, when the ops had .map_resource/.unmap_resource, hands
 * them to those functions: exactly what the 6.18 core did for legacy ops.
 *
 * Also: deleting a local declaration that became the parameter, and the
 * old resource fields of the ops initialiser.
 */
import type { SyntaxNode } from '../../core/syntax.js';
import { lineIndent, lineStartIndex } from '../../engine/edit/layout.js';
import type { EditSet } from './edit-set.js';

/** The `{ ... }` children that are declarations at the top of the body, in order. */
export function leadingDeclarations(body: SyntaxNode): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  for (const c of body.namedChildren) {
    if (c.type !== 'declaration') break;
    out.push(c);
  }
  return out;
}

/** Accessors that only compute (never allocate, lock or take references), seen in 6.12 providers. */
const PURE_GETTERS = new Set(['get_iommu_table_base', 'dma_get_mask', 'page_address', 'dev_get_drvdata']);
const MAY_ACT = /alloc|map|lock|get|create|reserve|acquire|take|new|grab|claim/i;

/**
 * A call in a leading declaration's initialiser that may act (allocate, map,
 * lock, take a reference): the DMA_ATTR_MMIO check inserted after the
 * declarations would run after it and could leak what it took. Conversions
 * (`to_*`, `*_to_*`) and upper-case macros are taken as pure.
 */
export function actingDeclarationCall(body: SyntaxNode): SyntaxNode | undefined {
  for (const decl of leadingDeclarations(body)) {
    for (const call of decl.descendantsOfType('call_expression')) {
      const callee = call.childForFieldName('function');
      if (callee?.type !== 'identifier') return call;
      const name = callee.text;
      if (/^[A-Z0-9_]+$/.test(name) || PURE_GETTERS.has(name) || /(^|_)to_/.test(name)) continue;
      if (MAY_ACT.test(name)) return call;
    }
  }
  return undefined;
}

/** Is the node alone on its line(s), so that deleting the lines deletes exactly it? */
function ownsItsLines(text: string, node: SyntaxNode): boolean {
  const ls = lineStartIndex(text, node.startIndex);
  const nl = text.indexOf('\n', node.endIndex);
  return /^[ \t]*$/.test(text.slice(ls, node.startIndex)) && nl !== -1 && /^[ \t]*\r?$/.test(text.slice(node.endIndex, nl));
}

/** The range of the whole lines holding `node`, with the newline. */
function linesOf(text: string, node: SyntaxNode): { start: number; end: number } {
  return { start: lineStartIndex(text, node.startIndex), end: text.indexOf('\n', node.endIndex) + 1 };
}

/**
 * Delete `declarator` from its declaration: the whole declaration when it is
 * its only declarator (and the blank line after it when no declaration is
 * left above the statements), else the declarator and one comma.
 * Returns whether the whole declaration went.
 */
export function deleteDeclarator(text: string, body: SyntaxNode, declaration: SyntaxNode, declarator: SyntaxNode, edits: EditSet): boolean {
  const declarators = declaration.childrenForFieldName('declarator');
  if (declarators.length > 1) {
    const i = declarators.findIndex((d) => d.id === declarator.id);
    if (i > 0) edits.replace({ start: declarators[i - 1]!.endIndex, end: declarator.endIndex }, '');
    else edits.replace({ start: declarator.startIndex, end: declarators[1]!.startIndex }, '');
    return false;
  }
  if (!ownsItsLines(text, declaration)) {
    edits.replace({ start: declaration.startIndex, end: declaration.endIndex }, '');
    return true;
  }
  const range = linesOf(text, declaration);
  const leading = leadingDeclarations(body);
  const isLastLeading = leading.length > 0 && leading[leading.length - 1]!.id === declaration.id;
  const onlyLeading = leading.length === 1 && isLastLeading;
  const blank = /^[ \t]*\r?\n/.exec(text.slice(range.end));
  if (onlyLeading && blank) range.end += blank[0].length;
  edits.replace(range, '');
  return true;
}

/**
 * Insert `lines` (each without indentation; `\t` prefixes nest) as the first
 * statements of the body, after its declarations, followed by a blank line,
 * and preceded by one when declarations stay above.
 */
export function insertAtBodyStart(text: string, body: SyntaxNode, deletedDeclarations: ReadonlySet<number>, lines: readonly string[], edits: EditSet, newline: string): void {
  const children = body.namedChildren;
  const first = children.find((c) => c.type !== 'declaration') ?? body.lastChild!;
  const remaining = leadingDeclarations(body).filter((d) => !deletedDeclarations.has(d.id) && d.startIndex < first.startIndex);
  const ind = first.type === '}' || first === body.lastChild ? `${lineIndent(text, body.startIndex)}\t` : lineIndent(text, first.startIndex);
  const block = lines.map((l) => `${ind}${l}${newline}`).join('');
  const lastDecl = remaining[remaining.length - 1];
  const needBlankBefore = lastDecl !== undefined && !/\n[ \t]*\r?\n/.test(text.slice(lastDecl.endIndex, lineStartIndex(text, first.startIndex)));
  const firstOwnsLine = /^[ \t]*$/.test(text.slice(lineStartIndex(text, first.startIndex), first.startIndex));
  if (firstOwnsLine) {
    edits.insert(lineStartIndex(text, first.startIndex), (needBlankBefore ? newline : '') + block + newline);
  } else {
    edits.insert(first.startIndex, `${newline}${block}${newline}${ind}`);
  }
}

/**
 * Delete initializer_pairs from an ops initialiser: whole lines when a pair
 * owns its line, and a blank line left between the last field and the
 * closing brace.
 */
export function deleteOpsFields(text: string, pairs: readonly SyntaxNode[], edits: EditSet): void {
  const blocks: { start: number; end: number; close?: SyntaxNode }[] = [];
  for (const pair of [...pairs].sort((a, b) => a.startIndex - b.startIndex)) {
    const comma = pair.nextSibling?.type === ',' ? pair.nextSibling : undefined;
    const last = comma ?? pair;
    const ls = lineStartIndex(text, pair.startIndex);
    const nl = text.indexOf('\n', last.endIndex);
    const ownsLine = /^[ \t]*$/.test(text.slice(ls, pair.startIndex)) && nl !== -1 && /^[ \t]*\r?$/.test(text.slice(last.endIndex, nl));
    if (!ownsLine) {
      edits.replace({ start: pair.startIndex, end: last.endIndex }, '');
      continue;
    }
    const prev = blocks[blocks.length - 1];
    const close = last.nextSibling?.type === '}' ? last.nextSibling : undefined;
    if (prev && prev.end === ls) {
      prev.end = nl + 1;
      if (close) prev.close = close;
      else delete prev.close;
    } else {
      blocks.push({ start: ls, end: nl + 1, ...(close ? { close } : {}) });
    }
  }
  for (const b of blocks) {
    const prevLineEnd = b.start - 1;
    const prevLineStart = lineStartIndex(text, prevLineEnd);
    const prevBlank = prevLineEnd > 0 && /^[ \t]*\r?$/.test(text.slice(prevLineStart, prevLineEnd));
    if (b.close && prevBlank && lineStartIndex(text, b.close.startIndex) === b.end) b.start = prevLineStart;
    edits.replace({ start: b.start, end: b.end }, '');
  }
}
