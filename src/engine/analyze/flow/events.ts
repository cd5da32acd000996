/**
 * The effects of one CFG node, in evaluation order: calls, assignments
 * (including declarations with initializers and ++/--), reads of variables,
 * and the value of a return. Operands are visited before the operator, the
 * right side of an assignment before the store. C leaves the order of
 * function arguments unspecified; we use source order, which is all an
 * analysis of map/unmap pairing needs.
 *
 * Events under `&&`, `||` or `?:` (other than their first operand) may not
 * happen at all: they carry `conditional: true`.
 */
import type { SyntaxNode } from '../../../core/syntax.js';

export type FlowEvent =
  | { readonly kind: 'call'; readonly node: SyntaxNode; readonly name?: string; readonly conditional: boolean }
  | {
      readonly kind: 'assign';
      readonly node: SyntaxNode;
      /** The lvalue (an identifier for declarations). */
      readonly target: SyntaxNode;
      /** The assigned expression; absent for a declaration without initializer. */
      readonly value?: SyntaxNode;
      /** `=`, `+=`, ..., `++`, `--`, or `decl` for a declaration. */
      readonly operator: string;
      readonly conditional: boolean;
    }
  | { readonly kind: 'read'; readonly node: SyntaxNode; readonly conditional: boolean }
  | { readonly kind: 'return'; readonly node: SyntaxNode; readonly value?: SyntaxNode };

export function nodeEvents(syntax: SyntaxNode): FlowEvent[] {
  const out: FlowEvent[] = [];
  visit(syntax, false, out);
  return out;
}

function visit(n: SyntaxNode, conditional: boolean, out: FlowEvent[]): void {
  switch (n.type) {
    case 'comment':
    case 'string_literal':
    case 'concatenated_string':
    case 'char_literal':
    case 'number_literal':
    case 'type_descriptor':
    case 'primitive_type':
    case 'type_identifier':
    case 'sized_type_specifier':
    case 'struct_specifier':
    case 'union_specifier':
    case 'enum_specifier':
    case 'field_identifier':
    case 'statement_identifier':
    case 'sizeof_expression':
    case 'alignof_expression':
    case 'offsetof_expression':
      return;
    case 'identifier':
      out.push({ kind: 'read', node: n, conditional });
      return;
    case 'declaration':
      for (const d of n.childrenForFieldName('declarator')) {
        if (d.type === 'init_declarator') {
          const value = d.childForFieldName('value');
          if (value) visit(value, conditional, out);
          const name = declaredIdentifier(d.childForFieldName('declarator'));
          if (name) out.push({ kind: 'assign', node: d, target: name, ...(value ? { value } : {}), operator: 'decl', conditional });
        } else {
          const name = declaredIdentifier(d);
          if (name && !isFunctionDeclarator(d)) out.push({ kind: 'assign', node: d, target: name, operator: 'decl', conditional });
        }
      }
      return;
    case 'return_statement': {
      const value = n.namedChildren.find((c) => c.type !== 'comment');
      if (value) visit(value, conditional, out);
      out.push({ kind: 'return', node: n, ...(value ? { value } : {}) });
      return;
    }
    case 'assignment_expression': {
      const left = n.childForFieldName('left');
      const right = n.childForFieldName('right');
      const op = n.childForFieldName('operator')?.text ?? '=';
      if (right) visit(right, conditional, out);
      if (left) {
        visitLvalue(left, conditional, out);
        if (op !== '=') out.push({ kind: 'read', node: left, conditional });
        out.push({ kind: 'assign', node: n, target: left, ...(right ? { value: right } : {}), operator: op, conditional });
      }
      return;
    }
    case 'update_expression': {
      const arg = n.childForFieldName('argument');
      const op = n.childForFieldName('operator')?.text ?? '++';
      if (arg) {
        visitLvalue(arg, conditional, out);
        out.push({ kind: 'assign', node: n, target: arg, operator: op, conditional });
      }
      return;
    }
    case 'call_expression': {
      const fn = n.childForFieldName('function');
      if (fn && fn.type !== 'identifier') visit(fn, conditional, out);
      const args = n.childForFieldName('arguments');
      for (const a of args?.namedChildren ?? []) visit(a, conditional, out);
      out.push({ kind: 'call', node: n, ...(fn?.type === 'identifier' ? { name: fn.text } : {}), conditional });
      return;
    }
    case 'binary_expression': {
      const op = n.childForFieldName('operator')?.type;
      const left = n.childForFieldName('left');
      const right = n.childForFieldName('right');
      if (left) visit(left, conditional, out);
      if (right) visit(right, conditional || op === '&&' || op === '||', out);
      return;
    }
    case 'conditional_expression': {
      const cond = n.childForFieldName('condition');
      if (cond) visit(cond, conditional, out);
      for (const c of [n.childForFieldName('consequence'), n.childForFieldName('alternative')]) if (c) visit(c, true, out);
      return;
    }
    case 'field_expression': {
      // Only the object is evaluated; the field name is not a variable.
      const arg = n.childForFieldName('argument');
      if (arg) visit(arg, conditional, out);
      return;
    }
    case 'cast_expression': {
      const value = n.childForFieldName('value');
      if (value) visit(value, conditional, out);
      return;
    }
    case 'compound_literal_expression': {
      const value = n.childForFieldName('value');
      if (value) visit(value, conditional, out);
      return;
    }
    default:
      for (const c of n.namedChildren) visit(c, conditional, out);
  }
}

/** The parts of an lvalue that are evaluated (indices, pointers dereferenced), not the stored-to name itself. */
function visitLvalue(left: SyntaxNode, conditional: boolean, out: FlowEvent[]): void {
  switch (left.type) {
    case 'identifier':
      return;
    case 'parenthesized_expression':
      for (const c of left.namedChildren) visitLvalue(c, conditional, out);
      return;
    default:
      visit(left, conditional, out);
  }
}

/** The identifier a declarator declares (`*p`, `a[4]`, `(*fp)(void)` → p, a, fp). */
export function declaredIdentifier(decl: SyntaxNode | null | undefined): SyntaxNode | undefined {
  let d = decl ?? undefined;
  while (d && d.type !== 'identifier') {
    const inner: SyntaxNode | null = d.childForFieldName('declarator');
    if (!inner) return undefined;
    d = inner;
  }
  return d;
}

function isFunctionDeclarator(d: SyntaxNode): boolean {
  for (let n: SyntaxNode | null = d; n; n = n.childForFieldName('declarator')) if (n.type === 'function_declarator') return true;
  return false;
}

/** The events of a CFG node: its statement or condition; nothing for joins, preprocessor branches and the ends. */
export function cfgNodeEvents(node: { readonly kind: string; readonly syntax?: SyntaxNode }): FlowEvent[] {
  if (!node.syntax || (node.kind !== 'eval' && node.kind !== 'branch')) return [];
  if (node.syntax.type.startsWith('preproc')) return [];
  return nodeEvents(node.syntax);
}
