/**
 * Folding a .map_resource/.unmap_resource body into the phys callback, as
 * upstream did for ARM (reference §2.5 rule 8(a)): one body serves RAM and
 * MMIO when the resource function is the page function without its CPU
 * cache maintenance and with the IOMMU_MMIO protection bit. The fold
 * guards every cache-maintenance call's DMA_ATTR_SKIP_CPU_SYNC test with
 * DMA_ATTR_MMIO too, and sets IOMMU_MMIO on the protection the page function
 * computes when DMA_ATTR_MMIO is given. Whether the two bodies really agree
 * otherwise (the aligned base, the length) is for the behaviour model to
 * judge against the old resource function; when the shapes do not fit, the
 * provider hands MMIO requests to the kept resource function instead.
 */
import type { SyntaxNode } from '../../core/syntax.js';
import { indentTo, lineIndent, lineStartIndex, visualWidth } from '../../engine/edit/layout.js';
import type { EditSet } from './edit-set.js';
import { referencesTo } from './provider-functions.js';

const CACHE_MAINTENANCE = /^(?:arch_sync_dma_for_(?:device|cpu)|__dma_page_(?:cpu_to_dev|dev_to_cpu)|dma_cache_\w+)$/;

export interface ResourceFold {
  /** The DMA_ATTR_SKIP_CPU_SYNC identifiers whose tests also skip MMIO. */
  readonly guards: readonly SyntaxNode[];
  /** `X = E;` in the page function whose resource twin is `X = E | IOMMU_MMIO;`. */
  readonly prot?: { readonly statement: SyntaxNode; readonly variable: string };
  readonly resource: SyntaxNode;
}

function calleeName(call: SyntaxNode): string | undefined {
  const f = call.childForFieldName('function');
  return f?.type === 'identifier' ? f.text : undefined;
}

const squash = (s: string) => s.replace(/\s+/g, '');

/** `!(attrs & X)`: the test is for the bit being clear. */
function negated(and: SyntaxNode): boolean {
  let n = and;
  while (n.parent?.type === 'parenthesized_expression') n = n.parent;
  return n.parent?.type === 'unary_expression' && n.parent.childForFieldName('operator')?.type === '!';
}

/** The fold of `resource` into `page`, or undefined when their shapes do not fit it. */
export function planFold(root: SyntaxNode, page: SyntaxNode, resource: SyntaxNode, resourceName: string, attrs: string): ResourceFold | undefined {
  const pageBody = page.childForFieldName('body');
  const resBody = resource.childForFieldName('body');
  if (!pageBody || !resBody || resource.hasError) return undefined;
  if (referencesTo(root, resourceName).some((r) => r.kind !== 'definition' && r.kind !== 'ops-field')) return undefined;
  if (resBody.descendantsOfType('call_expression').some((c) => CACHE_MAINTENANCE.test(calleeName(c) ?? ''))) return undefined;
  // Every cache-maintenance call of the page function sits under an `attrs & DMA_ATTR_SKIP_CPU_SYNC` test.
  const guards: SyntaxNode[] = [];
  for (const call of pageBody.descendantsOfType('call_expression')) {
    if (!CACHE_MAINTENANCE.test(calleeName(call) ?? '')) continue;
    let guard: SyntaxNode | undefined;
    for (let n: SyntaxNode | null = call.parent; n && n.id !== pageBody.id && !guard; n = n.parent) {
      if (n.type !== 'if_statement') continue;
      const cond = n.childForFieldName('condition');
      guard = cond?.descendantsOfType('identifier').find((id) => id.text === 'DMA_ATTR_SKIP_CPU_SYNC' && id.parent?.type === 'binary_expression' && id.parent.childForFieldName('operator')?.type === '&' && id.parent.childForFieldName('left')?.text === attrs && negated(id.parent));
    }
    if (!guard) return undefined;
    if (!guards.some((g) => g.id === guard!.id)) guards.push(guard);
  }
  // The protection: `X = E | IOMMU_MMIO;` in the resource function, `X = E;` in the page function.
  const mmioBits = resBody.descendantsOfType('identifier').filter((id) => id.text === 'IOMMU_MMIO');
  if (mmioBits.length > 1) return undefined;
  let prot: ResourceFold['prot'];
  if (mmioBits.length === 1) {
    const or = mmioBits[0]!.parent;
    const assign = or?.parent;
    const stmt = assign?.parent;
    if (or?.type !== 'binary_expression' || or.childForFieldName('operator')?.type !== '|' || or.childForFieldName('right')?.id !== mmioBits[0]!.id) return undefined;
    if (assign?.type !== 'assignment_expression' || assign.childForFieldName('operator')?.type !== '=' || stmt?.type !== 'expression_statement' || stmt.parent?.id !== resBody.id) return undefined;
    const variable = assign.childForFieldName('left')!.text;
    const value = squash(or.childForFieldName('left')!.text);
    const twin = pageBody.namedChildren.find((s) => {
      const a = s.type === 'expression_statement' ? s.namedChildren[0] : undefined;
      return a?.type === 'assignment_expression' && a.childForFieldName('operator')?.type === '=' && a.childForFieldName('left')?.text === variable && squash(a.childForFieldName('right')!.text) === value;
    });
    if (!twin) return undefined;
    prot = { statement: twin, variable };
  }
  return { guards, ...(prot ? { prot } : {}), resource };
}

/** The fold's edits in the page function, and the resource function's deletion. */
export function applyFold(text: string, fold: ResourceFold, attrs: string, edits: EditSet, newline: string): void {
  const added = ' | DMA_ATTR_MMIO'.length + 2;
  for (const g of fold.guards) {
    edits.replace({ start: g.startIndex, end: g.endIndex }, '(DMA_ATTR_SKIP_CPU_SYNC | DMA_ATTR_MMIO)');
    // Past 80 columns, a one-line `a && b` condition continues after `&&`, under the parenthesis (as upstream wrapped ARM's).
    const lineStart = lineStartIndex(text, g.startIndex);
    const lineEnd = text.indexOf('\n', g.endIndex);
    if (visualWidth(text.slice(lineStart, lineEnd === -1 ? text.length : lineEnd).replace(/\r$/, '')) + added <= 80) continue;
    let cond: SyntaxNode | null = g.parent;
    while (cond && !(cond.parent?.type === 'if_statement' && cond.parent.childForFieldName('condition')?.id === cond.id)) cond = cond.parent;
    const top = cond?.namedChildren[0];
    if (!top || top.type !== 'binary_expression' || top.childForFieldName('operator')?.type !== '&&') continue;
    const right = top.childForFieldName('right')!;
    const op = top.childForFieldName('operator')!;
    const gap = text.slice(op.endIndex, right.startIndex);
    if (!/^[ \t]+$/.test(gap) || lineStartIndex(text, top.startIndex) !== lineStart) continue;
    edits.replace({ start: op.endIndex, end: right.startIndex }, `${newline}${indentTo(visualWidth(text.slice(lineStart, top.startIndex)))}`);
  }
  if (fold.prot) {
    const ind = lineIndent(text, fold.prot.statement.startIndex);
    edits.insert(fold.prot.statement.endIndex, `${newline}${ind}if (${attrs} & DMA_ATTR_MMIO)${newline}${ind}\t${fold.prot.variable} |= IOMMU_MMIO;`);
  }
  deleteFunction(text, fold.resource, edits);
}

/** Delete a function definition with the comment right above it and one blank line after it. */
function deleteFunction(text: string, fn: SyntaxNode, edits: EditSet): void {
  let first: SyntaxNode = fn;
  const prev = fn.previousSibling;
  if (prev?.type === 'comment' && text.slice(prev.endIndex, fn.startIndex).split('\n').length <= 2) first = prev;
  const start = lineStartIndex(text, first.startIndex);
  let end = text.indexOf('\n', fn.endIndex);
  end = end === -1 ? text.length : end + 1;
  const blank = /^[ \t]*\r?\n/.exec(text.slice(end));
  if (blank) end += blank[0].length;
  edits.replace({ start, end }, '');
}
