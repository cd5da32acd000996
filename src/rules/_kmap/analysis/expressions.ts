/**
 * Reading expressions for the kmap lifetime analysis: which pointer values
 * derive from a mapping and how far they moved, NULL tests, the names an
 * expression reads, whether a read dereferences, and whether a condition's
 * truth can be remembered between two tests.
 */
import { parentOf } from '../../../core/tree/ancestry.js';
import type { SyntaxNode } from '../../../core/syntax.js';
import { tokenText } from '../../../engine/analyze/flow/cfg.js';
import type { FunctionScope } from '../../../engine/analyze/flow/locals.js';
import { callArguments, unparen } from '../../../engine/analyze/syntax.js';
import { UNMAP_APIS } from './apis.js';
import { isInPageOffset } from './bounds.js';
import { PURE_PREDICATES } from './calls.js';
import type { OffsetKind } from './facts.js';

export interface FactInfo {
  readonly trackable: boolean;
  /** Variables the condition reads. */
  readonly ids: readonly string[];
  /** Reads memory (fields, derefs): any call may change it. */
  readonly volatile: boolean;
}

/** Parentheses and casts do not change which mapping a pointer belongs to. */
export function stripValue(node: SyntaxNode): SyntaxNode {
  let n = node;
  for (;;) {
    if (n.type === 'parenthesized_expression' && n.namedChildCount >= 1) n = n.namedChildren.filter((c) => c.type !== 'comment').at(-1)!;
    else if (n.type === 'cast_expression' && n.childForFieldName('value')) n = n.childForFieldName('value')!;
    else return n;
  }
}

export function isNullLiteral(node: SyntaxNode): boolean {
  const n = stripValue(node);
  return (n.type === 'null' || (n.type === 'identifier' && n.text === 'NULL') || (n.type === 'number_literal' && /^0+[uUlL]*$/.test(n.text)));
}

/**
 * Does this edge say a plain variable is NULL (or not)? `value` is the truth,
 * on the edge, of `cond` with its leading `!` stripped (see conditionKey).
 */
export function nullTest(cond: SyntaxNode, value: boolean): { name: string; isNull: boolean } | undefined {
  const isNot = (x: SyntaxNode) => x.type === 'unary_expression' && x.child(0)?.type === '!' && x.childForFieldName('argument') !== null;
  let n = unparen(cond);
  let truth = value;
  while (isNot(n)) n = unparen(n.childForFieldName('argument')!);
  // likely()/unlikely() are transparent; a `!` inside them was not folded into `value`.
  while (n.type === 'call_expression' && ['likely', 'unlikely'].includes(n.childForFieldName('function')?.text ?? '') && callArguments(n).length === 1) {
    n = unparen(callArguments(n)[0]!);
    while (isNot(n)) {
      truth = !truth;
      n = unparen(n.childForFieldName('argument')!);
    }
  }
  if (n.type === 'identifier') return { name: n.text, isNull: !truth };
  if (n.type === 'binary_expression') {
    const op = n.childForFieldName('operator')?.type;
    if (op !== '==' && op !== '!=') return undefined;
    const left = unparen(n.childForFieldName('left')!);
    const right = unparen(n.childForFieldName('right')!);
    const [id, other] = left.type === 'identifier' && isNullLiteral(right) ? [left, right] : right.type === 'identifier' && isNullLiteral(left) ? [right, left] : [undefined, undefined];
    if (!id || !other) return undefined;
    return { name: id.text, isNull: op === '==' ? truth : !truth };
  }
  return undefined;
}

export function addOffset(base: OffsetKind, op: string, by: SyntaxNode): OffsetKind {
  if (op === '-' || base !== 'zero') return 'moved';
  const lit = unparen(by);
  if (lit.type === 'number_literal' && /^0+[uUlL]*$/.test(lit.text)) return 'zero';
  return isInPageOffset(by) ? 'in-page' : 'offset';
}

export function lvalueKey(node: SyntaxNode): string | undefined {
  const n = unparen(node);
  if (n.type === 'identifier') return n.text;
  if (n.type === 'field_expression') return tokenText(n);
  return undefined;
}

/** `a->b` and `a.b.c` are members of `a`. */
export function isMemberOf(key: string, of: string): boolean {
  return key.startsWith(`${of} ->`) || key.startsWith(`${of} .`);
}

/** Variable names and member paths an expression reads (not called function names); `parent` is the node's parent, when the caller knows it. */
export function readNames(node: SyntaxNode, parent?: SyntaxNode): string[] {
  const out = new Set<string>();
  // `parent` is passed down (asking a node for its parent costs a descent from the root).
  const visit = (n: SyntaxNode, parent?: SyntaxNode) => {
    if (n.type === 'identifier') {
      const p = parent ?? parentOf(n);
      if (p?.type === 'call_expression' && p.childForFieldName('function')?.id === n.id) return;
      out.add(n.text);
      return;
    }
    if (n.type === 'field_expression') out.add(tokenText(n));
    for (const c of n.namedChildren) visit(c, n);
  };
  visit(node, parent);
  return [...out];
}

/** A read that uses the pointer's target: `*p`, `p[i]`, `p->f`, passing or returning it. */
export function isDereferencingUse(id: SyntaxNode): boolean {
  let n = id;
  for (let up = parentOf(n); up && (up.type === 'parenthesized_expression' || up.type === 'cast_expression'); up = parentOf(n)) n = up;
  const p = parentOf(n);
  if (!p) return false;
  switch (p.type) {
    case 'pointer_expression':
      return p.child(0)?.type === '*';
    case 'subscript_expression':
      return p.childForFieldName('argument')?.id === n.id;
    case 'field_expression':
      return p.childForFieldName('argument')?.id === n.id && p.children.some((c) => c.type === '->');
    case 'argument_list': {
      const call = parentOf(p);
      const callee = (call ? call.childForFieldName('function') : undefined);
      return !(callee?.type === 'identifier' && UNMAP_APIS.has(callee.text));
    }
    case 'return_statement':
      return true;
    case 'binary_expression': {
      // Pointer arithmetic feeding a dereference: *(p + 1).
      const op = p.childForFieldName('operator')?.type;
      return (op === '+' || op === '-') && isDereferencingUse(p);
    }
    default:
      return false;
  }
}

/**
 * Can the truth of `cond` be remembered between two tests? Only if it reads
 * automatic locals whose address is not taken, members, literals, and pure
 * predicates (PageHighMem()...). Members are volatile: any call may change them.
 */
export function describeCondition(cond: SyntaxNode, scope: FunctionScope): FactInfo {
  const ids = new Set<string>();
  let trackable = true;
  let volatile = false;
  const visit = (n: SyntaxNode, parent?: SyntaxNode) => {
    switch (n.type) {
      case 'identifier': {
        const p = parent ?? parentOf(n);
        if (p?.type === 'call_expression' && p.childForFieldName('function')?.id === n.id) {
          if (!PURE_PREDICATES.has(n.text)) trackable = false;
          return;
        }
        if (/^[A-Z][A-Z0-9_]*$/.test(n.text)) return; // a constant
        if (!scope.isAutomatic(n.text) || scope.addressTaken.has(n.text)) trackable = false;
        ids.add(n.text);
        return;
      }
      case 'field_expression':
        volatile = true;
        ids.add(tokenText(n));
        break;
      case 'pointer_expression':
      case 'subscript_expression':
        volatile = true;
        break;
      case 'assignment_expression':
      case 'update_expression':
        trackable = false;
        return;
      case 'call_expression': {
        const fn = n.childForFieldName('function');
        if (fn?.type !== 'identifier' || !PURE_PREDICATES.has(fn.text)) trackable = false;
        break;
      }
      default:
        break;
    }
    for (const c of n.namedChildren) visit(c, n);
  };
  visit(cond);
  return { trackable, ids: [...ids], volatile };
}

