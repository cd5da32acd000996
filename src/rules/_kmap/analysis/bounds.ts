/**
 * Bounds we can prove about offsets and lengths inside one page (reference
 * §3.7: a helper substitution is exact only when offset + len <= PAGE_SIZE).
 * PAGE_SIZE is at least 4096 on every architecture, so literals are checked
 * against 4096.
 */
import type { SyntaxNode } from '../../../core/syntax.js';
import { tokenText } from '../../../engine/analyze/flow/cfg.js';
import { callArguments, callName, unparen } from '../../../engine/analyze/syntax.js';

const MIN_PAGE_SIZE = 4096;

function literalValue(node: SyntaxNode): number | undefined {
  const n = unparen(node);
  if (n.type !== 'number_literal') return undefined;
  const text = n.text.replace(/[uUlL]+$/, '');
  const v = /^0[xX]/.test(text) ? Number.parseInt(text.slice(2), 16) : /^0[0-7]+$/.test(text) ? Number.parseInt(text, 8) : Number(text);
  return Number.isFinite(v) ? v : undefined;
}

function isPageSize(node: SyntaxNode): boolean {
  const n = unparen(node);
  return n.type === 'identifier' && n.text === 'PAGE_SIZE';
}

function isZero(node: SyntaxNode | undefined): boolean {
  return node === undefined || literalValue(node) === 0;
}

function same(a: SyntaxNode, b: SyntaxNode): boolean {
  return tokenText(unparen(a)) === tokenText(unparen(b));
}

/** An expression provably in [0, PAGE_SIZE): offset_in_page(), masks with ~PAGE_MASK or PAGE_SIZE - 1, % PAGE_SIZE, small literals. */
export function isInPageOffset(node: SyntaxNode): boolean {
  const n = unparen(node);
  const lit = literalValue(n);
  if (lit !== undefined) return lit >= 0 && lit < MIN_PAGE_SIZE;
  if (n.type === 'call_expression' && callName(n) === 'offset_in_page') return true;
  if (n.type === 'binary_expression') {
    const op = n.childForFieldName('operator')?.type;
    const right = unparen(n.childForFieldName('right')!);
    const left = unparen(n.childForFieldName('left')!);
    if (op === '%' && isPageSize(right)) return true;
    if (op === '&') {
      for (const side of [left, right]) {
        if (side.type === 'unary_expression' && side.child(0)?.type === '~' && tokenText(side.childForFieldName('argument')!) === 'PAGE_MASK') return true;
        if (side.type === 'binary_expression' && side.childForFieldName('operator')?.type === '-' && isPageSize(side.childForFieldName('left')!) && literalValue(side.childForFieldName('right')!) === 1) return true;
      }
    }
  }
  return false;
}

/** `PAGE_SIZE - off` (the room left after `off`). */
function isRoomAfter(len: SyntaxNode, offset: SyntaxNode | undefined): boolean {
  const n = unparen(len);
  if (n.type !== 'binary_expression' || n.childForFieldName('operator')?.type !== '-') return false;
  if (!isPageSize(n.childForFieldName('left')!)) return false;
  const sub = n.childForFieldName('right')!;
  return offset !== undefined ? same(sub, offset) : isZero(sub);
}

/**
 * Is `offset + len <= PAGE_SIZE` provable from the expressions alone?
 * `offset` undefined means 0.
 */
export function fitsInPage(offset: SyntaxNode | undefined, len: SyntaxNode): boolean {
  const n = unparen(len);
  const lenLit = literalValue(n);
  if (isZero(offset)) {
    if (isPageSize(n)) return true;
    if (lenLit !== undefined) return lenLit <= MIN_PAGE_SIZE;
  } else if (offset) {
    const offLit = literalValue(offset);
    if (offLit !== undefined && lenLit !== undefined) return offLit + lenLit <= MIN_PAGE_SIZE;
  }
  if (isRoomAfter(n, offset)) return true;
  // min(x, PAGE_SIZE - off), min_t(type, x, PAGE_SIZE - off), either order.
  if (n.type === 'call_expression' && ['min', 'min_t', 'umin'].includes(callName(n) ?? '')) {
    const args = callArguments(n);
    const operands = callName(n) === 'min_t' ? args.slice(1) : args;
    if (operands.length === 2 && operands.some((a) => isRoomAfter(a, offset) || (isZero(offset) && (isPageSize(a) || (literalValue(a) ?? Infinity) <= MIN_PAGE_SIZE)))) return true;
  }
  return false;
}
