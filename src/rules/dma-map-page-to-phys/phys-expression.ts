/**
 * The physical address of a (page, offset) argument pair, written the way
 * reviewers expect (reference §5): `virt_to_phys(x)` for
 * `virt_to_page(x), offset_in_page(x)`, `sg_phys(sg)` for `sg_page(sg),
 * sg->offset`, `bvec_phys(&bv)` for `bv.bv_page, bv.bv_offset`, `p` for
 * `phys_to_page(p), offset_in_page(p)`, `PFN_PHYS(n)` for `pfn_to_page(n), 0`,
 * and otherwise `page_to_phys(page) + offset` (no `+ 0`).
 */
import type { SyntaxNode } from '../../core/syntax.js';
import {
  PRECEDENCE,
  callArguments,
  callName,
  isLiteralZero,
  isSideEffectFree,
  operandText,
  sameExpression,
  unparen,
} from '../../engine/analyze/syntax.js';

/** Text to stand alone as a call argument: redundant parentheses dropped, a comma expression kept wrapped. */
function argumentText(node: SyntaxNode): string {
  const inner = unparen(node);
  return inner.type === 'comma_expression' ? node.text : inner.text;
}

export interface PhysExpression {
  readonly text: string;
  /** Reason code for the report: which form was used. */
  readonly form: 'page-to-phys' | 'virt-to-phys' | 'sg-phys' | 'bvec-phys' | 'phys-to-page' | 'pfn-phys';
}

/** The single argument of a call to `name`, if `node` is such a call. */
function argOfCall(node: SyntaxNode, name: string): SyntaxNode | undefined {
  const n = unparen(node);
  if (n.type !== 'call_expression' || callName(n) !== name) return undefined;
  const args = callArguments(n);
  return args.length === 1 ? args[0] : undefined;
}

/** `E->field` or `E.field`: returns E and the operator. */
function fieldAccess(node: SyntaxNode, field: string): { object: SyntaxNode; op: string } | undefined {
  const n = unparen(node);
  if (n.type !== 'field_expression' || n.childForFieldName('field')?.text !== field) return undefined;
  const object = n.childForFieldName('argument');
  const op = n.childForFieldName('operator')?.text ?? n.children.find((c) => c.type === '->' || c.type === '.')?.text;
  return object && op ? { object, op } : undefined;
}

export function physExpression(page: SyntaxNode, offset: SyntaxNode): PhysExpression {
  // virt_to_page(x), offset_in_page(x)
  const virt = argOfCall(page, 'virt_to_page');
  const virtOff = argOfCall(offset, 'offset_in_page');
  if (virt && virtOff && sameExpression(virt, virtOff) && isSideEffectFree(virt)) {
    return { text: `virt_to_phys(${argumentText(virt)})`, form: 'virt-to-phys' };
  }
  // phys_to_page(p), offset_in_page(p)
  const phys = argOfCall(page, 'phys_to_page');
  if (phys && virtOff && sameExpression(phys, virtOff) && isSideEffectFree(phys)) {
    return { text: argumentText(phys), form: 'phys-to-page' };
  }
  // sg_page(sg), sg->offset  |  sg_page(&s), s.offset
  const sg = argOfCall(page, 'sg_page');
  if (sg && isSideEffectFree(sg)) {
    const off = fieldAccess(offset, 'offset');
    if (off && off.op === '->' && sameExpression(sg, off.object)) return { text: `sg_phys(${argumentText(sg)})`, form: 'sg-phys' };
    const sgInner = unparen(sg);
    if (off && off.op === '.' && sgInner.type === 'pointer_expression' && sgInner.child(0)?.type === '&') {
      const target = sgInner.childForFieldName('argument');
      if (target && sameExpression(target, off.object)) return { text: `sg_phys(${argumentText(sg)})`, form: 'sg-phys' };
    }
  }
  // bv.bv_page, bv.bv_offset  |  bv->bv_page, bv->bv_offset
  const bvPage = fieldAccess(page, 'bv_page');
  const bvOff = fieldAccess(offset, 'bv_offset');
  if (bvPage && bvOff && bvPage.op === bvOff.op && sameExpression(bvPage.object, bvOff.object) && isSideEffectFree(bvPage.object)) {
    const obj = bvPage.object;
    const text = bvPage.op === '->' ? `bvec_phys(${argumentText(obj)})` : `bvec_phys(&${operandText(obj, 15, 'right')})`;
    return { text, form: 'bvec-phys' };
  }
  // pfn_to_page(n), 0
  const pfn = argOfCall(page, 'pfn_to_page');
  if (pfn && isLiteralZero(offset)) return { text: `PFN_PHYS(${argumentText(pfn)})`, form: 'pfn-phys' };

  const base = `page_to_phys(${argumentText(page)})`;
  if (isLiteralZero(offset)) return { text: base, form: 'page-to-phys' };
  return { text: `${base} + ${offsetText(offset)}`, form: 'page-to-phys' };
}

/**
 * The offset as the right operand of "base + ": a sum needs no parentheses
 * (`page_to_phys(p) + skb_frag_off(frag) + offset`, as a person writes it;
 * the address is the same modulo the phys_addr_t width); anything binding
 * looser keeps them.
 */
function offsetText(offset: SyntaxNode): string {
  const inner = unparen(offset);
  if (inner.type === 'binary_expression' && inner.childForFieldName('operator')?.type === '+') {
    return operandText(inner, PRECEDENCE.additive, 'left');
  }
  return operandText(offset, PRECEDENCE.additive, 'right');
}
