/**
 * Pair kmap_atomic*() calls with their kunmap_atomic() in one function, by
 * the local variable that holds the mapping. A first, conservative analysis:
 * anything it cannot see plainly is a reason for review.
 */
import type { SyntaxNode } from '../../core/syntax.js';
import { callArguments, callName, unwrapCasts } from '../../analyze/syntax.js';

export interface MapSite {
  readonly call: SyntaxNode;
  readonly api: SyntaxNode;
  /** The local that holds the returned address. */
  readonly holder?: string;
  /** Why no holder was found. */
  readonly problem?: 'mapping-not-held' | 'mapping-escapes';
}

export interface UnmapSite {
  readonly call: SyntaxNode;
  readonly api: SyntaxNode;
  /** The local the unmapped address derives from. */
  readonly holder?: string;
}

/** Climb through parentheses and casts from a call to the expression that uses its value. */
function valueUse(call: SyntaxNode): { node: SyntaxNode; parent: SyntaxNode | null } {
  let n = call;
  while (n.parent && (n.parent.type === 'parenthesized_expression' || n.parent.type === 'cast_expression')) n = n.parent;
  return { node: n, parent: n.parent };
}

function declaratorName(decl: SyntaxNode | null): string | undefined {
  let d = decl;
  while (d && d.type !== 'identifier') d = d.childForFieldName('declarator');
  return d?.text;
}

export function describeMap(call: SyntaxNode, api: SyntaxNode, fn: SyntaxNode): MapSite {
  const { node, parent } = valueUse(call);
  let holder: string | undefined;
  if (parent?.type === 'init_declarator' && parent.childForFieldName('value')?.id === node.id) {
    holder = declaratorName(parent.childForFieldName('declarator'));
  } else if (parent?.type === 'assignment_expression' && parent.childForFieldName('right')?.id === node.id) {
    const left = parent.childForFieldName('left');
    const op = parent.childForFieldName('operator')?.text ?? '=';
    if (left?.type !== 'identifier' || op !== '=') return { call, api, problem: 'mapping-escapes' };
    holder = left.text;
  } else {
    return { call, api, problem: 'mapping-not-held' };
  }
  if (!holder) return { call, api, problem: 'mapping-not-held' };
  if (!isLocal(fn, holder)) return { call, api, problem: 'mapping-escapes' };
  return { call, api, holder };
}

export function describeUnmap(call: SyntaxNode, api: SyntaxNode): UnmapSite {
  const arg = callArguments(call)[0];
  if (!arg) return { call, api };
  let base = unwrapCasts(arg);
  while (base.type === 'binary_expression' && ['+', '-'].includes(base.childForFieldName('operator')?.text ?? '')) {
    base = unwrapCasts(base.childForFieldName('left')!);
  }
  return base.type === 'identifier' ? { call, api, holder: base.text } : { call, api };
}

/** Is `name` a parameter or a local declared in the function's body? */
export function isLocal(fn: SyntaxNode, name: string): boolean {
  const params = fn.childForFieldName('declarator');
  for (const p of params?.descendantsOfType('parameter_declaration') ?? []) {
    if (declaratorName(p.childForFieldName('declarator')) === name) return true;
  }
  const body = fn.childForFieldName('body');
  for (const d of body?.descendantsOfType('declaration') ?? []) {
    // A static local outlives the call: holding a mapping there is an escape.
    if (d.children.some((c) => c.type === 'storage_class_specifier' && c.text === 'static')) continue;
    for (const decl of d.childrenForFieldName('declarator')) {
      const target = decl.type === 'init_declarator' ? decl.childForFieldName('declarator') : decl;
      if (declaratorName(target) === name) return true;
    }
  }
  return false;
}

/**
 * Where the mapped address leaves the function's locals: returned, or stored
 * through a field, array element, pointer or non-local variable.
 */
export function escapeOf(fn: SyntaxNode, holder: string): SyntaxNode | undefined {
  const body = fn.childForFieldName('body');
  for (const id of body?.descendantsOfType('identifier') ?? []) {
    if (id.text !== holder) continue;
    let n: SyntaxNode = id;
    while (
      n.parent &&
      (n.parent.type === 'parenthesized_expression' ||
        n.parent.type === 'cast_expression' ||
        (n.parent.type === 'binary_expression' && ['+', '-'].includes(n.parent.childForFieldName('operator')?.text ?? '')))
    ) {
      n = n.parent;
    }
    const p = n.parent;
    if (!p) continue;
    if (p.type === 'return_statement') return p;
    if (p.type === 'assignment_expression' && p.childForFieldName('right')?.id === n.id) {
      const left = p.childForFieldName('left');
      if (!left || left.type !== 'identifier' || !isLocal(fn, left.text)) return p;
    }
    if (p.type === 'initializer_list' || p.type === 'initializer_pair') return p;
  }
  return undefined;
}

/** Calls made inside [start, end) of the function, by name. */
export function callsBetween(fn: SyntaxNode, start: number, end: number): SyntaxNode[] {
  return (fn.childForFieldName('body')?.descendantsOfType('call_expression') ?? []).filter(
    (c) => c.startIndex >= start && c.startIndex < end && callName(c) !== undefined,
  );
}
