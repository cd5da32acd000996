/** What an assignment stores into, and whether the stored value outlives the function or the thread. */
import type { SyntaxNode } from '../../../core/syntax.js';
import { tokenText } from './cfg.js';
import type { FunctionScope } from './locals.js';

export type LvalueKind =
  /** A parameter or automatic local. */
  | 'local'
  /** A `static` local: outlives the call. */
  | 'static'
  /** A variable not declared in the function: global. */
  | 'global'
  /** A member of an automatic local struct (`d.addr`): stays in the function, but is memory. */
  | 'local-struct'
  /** A member reached through a pointer (`p->addr`): visible to whoever holds the pointer. */
  | 'field'
  /** An array element or a store through a pointer (`a[i]`, `*pp`). */
  | 'memory';

export interface Lvalue {
  readonly kind: LvalueKind;
  /** Stable text naming the location (`kaddr`, `iter->addr`, `d.src`); absent for elements and derefs. */
  readonly key?: string;
  /** The variable the location hangs off (`iter` for `iter->addr`). */
  readonly root?: string;
}

export function describeLvalue(node: SyntaxNode, scope: FunctionScope): Lvalue {
  let n = node;
  while (n.type === 'parenthesized_expression' && n.namedChildCount === 1) n = n.namedChildren[0]!;
  if (n.type === 'identifier') {
    const v = scope.variables.get(n.text);
    const kind: LvalueKind = !v ? 'global' : v.kind === 'static' ? 'static' : 'local';
    return { kind, key: n.text, root: n.text };
  }
  if (n.type === 'field_expression') {
    let through = false;
    let base: SyntaxNode | null = n;
    while (base && base.type === 'field_expression') {
      if (base.childForFieldName('operator')?.text === '->' || base.children.some((c) => c.type === '->')) through = true;
      base = base.childForFieldName('argument');
      while (base && base.type === 'parenthesized_expression' && base.namedChildCount === 1) base = base.namedChildren[0]!;
    }
    if (base?.type !== 'identifier') return { kind: 'field' };
    const v = scope.variables.get(base.text);
    const rootKind: LvalueKind = !v ? 'global' : v.kind === 'static' ? 'static' : 'local';
    const kind: LvalueKind = through ? 'field' : rootKind === 'local' ? 'local-struct' : rootKind;
    return { kind, key: tokenText(n), root: base.text };
  }
  return { kind: 'memory' };
}
