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
  functionOf,
  sameExpression,
  unparen,
  unwrapCasts,
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

/**
 * What a patch's message says about each form, so a reviewer reads why the
 * new address is the old page and offset (commit messages keep each
 * sentence once). page_to_phys() needs none: the rationale states it.
 */
export const FORM_NOTES: Readonly<Partial<Record<PhysExpression['form'], string>>> = {
  'virt-to-phys': 'Where the page and offset were virt_to_page(p) and offset_in_page(p) of a kernel virtual address, the physical address is virt_to_phys(p).',
  'sg-phys': 'Where the page and offset were sg_page(sg) and sg->offset, the physical address is sg_phys(sg).',
  'bvec-phys': 'Where the page and offset were a bio_vec\'s bv_page and bv_offset, the physical address is bvec_phys(bv).',
  'phys-to-page': 'Where the page and offset were made from a physical address (phys_to_page(phys), offset_in_page(phys)), that address is passed as it is.',
  'pfn-phys': 'Where the page was pfn_to_page(pfn) at offset 0, the physical address is PFN_PHYS(pfn).',
};

/** The forms upstream converts (--policy upstream): the caller holds the address the page was built from. */
export const UPSTREAM_FORMS: ReadonlySet<PhysExpression['form']> = new Set(['virt-to-phys', 'sg-phys', 'bvec-phys', 'phys-to-page', 'pfn-phys']);

/** Writes of a local `name` in `fn`: assignments, initialisers, ++/--, and `&name` (which may write it). */
function writesOf(fn: SyntaxNode, name: string): { node: SyntaxNode; value?: SyntaxNode }[] {
  const body = fn.childForFieldName('body');
  if (!body) return [];
  const out: { node: SyntaxNode; value?: SyntaxNode }[] = [];
  for (const n of body.descendantsOfType(['assignment_expression', 'init_declarator', 'update_expression', 'pointer_expression'])) {
    if (n.type === 'assignment_expression') {
      const left = n.childForFieldName('left');
      if (left && unparen(left).type === 'identifier' && unparen(left).text === name) {
        const value = n.childForFieldName('operator')?.text === '=' ? n.childForFieldName('right') : undefined;
        out.push({ node: n, ...(value ? { value } : {}) });
      }
    } else if (n.type === 'init_declarator') {
      const d = n.childForFieldName('declarator');
      const value = n.childForFieldName('value');
      if (d?.type === 'identifier' && d.text === name && value) out.push({ node: n, value });
    } else if (n.type === 'update_expression') {
      const arg = n.childForFieldName('argument');
      if (arg && unparen(arg).text === name) out.push({ node: n });
    } else if (n.child(0)?.type === '&') {
      const arg = n.childForFieldName('argument');
      if (arg && unparen(arg).type === 'identifier' && unparen(arg).text === name) out.push({ node: n });
    }
  }
  return out;
}

/** `offset_in_page(y)`, `(T)y & ~PAGE_MASK` or `(T)y & (PAGE_SIZE - 1)`: returns y. */
function offsetInPageOf(value: SyntaxNode): SyntaxNode | undefined {
  const call = argOfCall(value, 'offset_in_page');
  if (call) return call;
  const v = unwrapCasts(value);
  if (v.type !== 'binary_expression' || v.childForFieldName('operator')?.text !== '&') return undefined;
  const right = v.childForFieldName('right');
  const left = v.childForFieldName('left');
  if (!right || !left) return undefined;
  const mask = unparen(right);
  const isMask = (mask.type === 'unary_expression' && mask.child(0)?.text === '~' && unparen(mask.childForFieldName('argument')!).text === 'PAGE_MASK') ||
    (mask.type === 'binary_expression' && mask.childForFieldName('operator')?.text === '-' && mask.childForFieldName('left')?.text === 'PAGE_SIZE' && mask.childForFieldName('right')?.text === '1');
  return isMask ? unwrapCasts(left) : undefined;
}

/**
 * Is the local `offset` provably `offset_in_page(x)` at the call? Both are
 * locals of the function; `offset` is written once, before the call, from
 * `offset_in_page(x)` or `(size_t)x & ~PAGE_MASK`, and `x` is never written
 * after its declaration (ntb_transport's `pay_off`).
 */
function offsetIsOffsetInPage(offset: SyntaxNode, x: SyntaxNode): boolean {
  const off = unparen(offset);
  const base = unwrapCasts(x);
  if (off.type !== 'identifier' || base.type !== 'identifier') return false;
  const fn = functionOf(offset);
  if (!fn) return false;
  const writes = writesOf(fn, off.text);
  if (writes.length !== 1 || !writes[0]!.value || writes[0]!.node.endIndex > offset.startIndex) return false;
  const y = offsetInPageOf(writes[0]!.value);
  if (!y || !sameExpression(y, base)) return false;
  return writesOf(fn, base.text).every((w) => w.node.type === 'init_declarator');
}

export function physExpression(page: SyntaxNode, offset: SyntaxNode): PhysExpression {
  // virt_to_page(x), offset_in_page(x) (or a local provably equal to it)
  const virt = argOfCall(page, 'virt_to_page');
  const virtOff = argOfCall(offset, 'offset_in_page');
  const inlineOff = offsetInPageOf(offset);
  if (virt && isSideEffectFree(virt) && ((virtOff && sameExpression(virt, virtOff)) || (inlineOff && sameExpression(inlineOff, unwrapCasts(virt))) || offsetIsOffsetInPage(offset, virt))) {
    return { text: `virt_to_phys(${argumentText(virt)})`, form: 'virt-to-phys' };
  }
  // phys_to_page(p) or pfn_to_page(PHYS_PFN(p)), offset_in_page(p)
  const pfnOfPhys = argOfCall(page, 'pfn_to_page');
  const phys = argOfCall(page, 'phys_to_page') ?? (pfnOfPhys ? argOfCall(pfnOfPhys, 'PHYS_PFN') : undefined);
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
