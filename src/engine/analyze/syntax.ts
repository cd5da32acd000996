/**
 * Read-only questions about syntax nodes that several rules ask. Everything
 * here inspects the tree; nothing edits text.
 */
import type { SyntaxNode } from '../../core/syntax.js';
import { ancestorChain } from '../../core/tree/ancestry.js';

/** The ancestors of `node`, its parent first (what a walk up `parent` gives, taken in one descent: see core/tree/ancestry.ts). */
export function* ancestors(node: SyntaxNode): Generator<SyntaxNode> {
  const chain = ancestorChain(node);
  for (let i = chain.length - 1; i >= 0; i--) yield chain[i]!;
}

export function closest(node: SyntaxNode, types: ReadonlySet<string> | string): SyntaxNode | undefined {
  const match = typeof types === 'string' ? (t: string) => t === types : (t: string) => types.has(t);
  if (match(node.type)) return node;
  for (const p of ancestors(node)) if (match(p.type)) return p;
  return undefined;
}

export function functionOf(node: SyntaxNode): SyntaxNode | undefined {
  return closest(node, 'function_definition');
}

/** Name of a function_definition, if it has a plain identifier declarator. */
export function functionName(fn: SyntaxNode): string | undefined {
  let d = fn.childForFieldName('declarator');
  while (d && d.type !== 'function_declarator') d = d.childForFieldName('declarator');
  const id = (d ? d.childForFieldName('declarator') : undefined);
  return id?.type === 'identifier' ? id.text : undefined;
}

/** The functions a file defines, by name (the first definition wins, as under #if/#else), indexed on first lookup. */
export class FunctionDefinitions {
  private byName?: Map<string, SyntaxNode>;

  constructor(private readonly root: SyntaxNode) {}

  get(name: string): SyntaxNode | undefined {
    if (!this.byName) {
      this.byName = new Map();
      for (const fn of this.root.descendantsOfType('function_definition')) {
        const n = functionName(fn);
        if (n && !this.byName.has(n)) this.byName.set(n, fn);
      }
    }
    return this.byName.get(name);
  }
}

const STATEMENT_TYPES = new Set([
  'expression_statement',
  'declaration',
  'return_statement',
  'if_statement',
  'while_statement',
  'for_statement',
  'do_statement',
  'switch_statement',
  'case_statement',
  'labeled_statement',
  'goto_statement',
  'compound_statement',
  'field_declaration',
  'init_declarator',
]);

/** The innermost statement-level node containing `node`. */
export function statementOf(node: SyntaxNode): SyntaxNode {
  const isStatement = (p: SyntaxNode) => STATEMENT_TYPES.has(p.type) && p.type !== 'init_declarator' && p.type !== 'compound_statement';
  if (isStatement(node)) return node;
  for (const p of ancestors(node)) if (isStatement(p)) return p;
  return node;
}

/** The arguments of a call_expression, without comments. */
export function callArguments(call: SyntaxNode): SyntaxNode[] {
  const list = call.childForFieldName('arguments');
  return list ? list.namedChildren.filter((c) => c.type !== 'comment') : [];
}

export function callName(call: SyntaxNode): string | undefined {
  const fn = call.childForFieldName('function');
  return fn?.type === 'identifier' ? fn.text : undefined;
}

export function containsComment(node: SyntaxNode): boolean {
  if (node.type === 'comment') return true;
  return node.descendantsOfType('comment').length > 0;
}

/** Strip redundant parentheses: `((x))` → `x`. */
export function unparen(node: SyntaxNode): SyntaxNode {
  let n = node;
  while (n.type === 'parenthesized_expression' && n.namedChildCount === 1 && n.namedChildren[0]?.type !== 'comment') {
    n = n.namedChildren[0]!;
  }
  return n;
}

/** Strip parentheses and casts: `(u8 *)(x)` → `x`. */
export function unwrapCasts(node: SyntaxNode): SyntaxNode {
  let n = unparen(node);
  while (n.type === 'cast_expression') {
    const value = n.childForFieldName('value');
    if (!value) break;
    n = unparen(value);
  }
  return n;
}

/** The leaf tokens of a node, comments dropped (for comparing expressions). */
export function tokens(node: SyntaxNode): string[] {
  const out: string[] = [];
  const visit = (n: SyntaxNode) => {
    if (n.type === 'comment') return;
    if (n.childCount === 0) {
      out.push(n.text);
      return;
    }
    for (const c of n.children) visit(c);
  };
  visit(node);
  return out;
}

/** Same expression up to whitespace, comments and redundant outer parentheses. */
export function sameExpression(a: SyntaxNode, b: SyntaxNode): boolean {
  const ta = tokens(unparen(a));
  const tb = tokens(unparen(b));
  return ta.length === tb.length && ta.every((t, i) => t === tb[i]);
}

/** Pure accessors and macros: calling them twice or not at all changes nothing. */
const PURE_CALLS = new Set([
  'virt_to_page',
  'offset_in_page',
  'page_to_phys',
  'page_to_pfn',
  'pfn_to_page',
  'phys_to_page',
  'sg_page',
  'sg_phys',
  'sg_virt',
  'page_address',
  'virt_to_phys',
  'PFN_PHYS',
  'PHYS_PFN',
  'PAGE_ALIGN',
  'ALIGN',
  'min',
  'max',
  'min_t',
  'max_t',
  'sizeof',
  'skb_frag_page',
  'skb_frag_off',
  'skb_frag_size',
  'folio_page',
  'bvec_phys',
]);

/** No assignments, increments or calls to anything but known pure accessors. */
export function isSideEffectFree(node: SyntaxNode): boolean {
  switch (node.type) {
    case 'assignment_expression':
    case 'update_expression':
      return false;
    case 'call_expression': {
      const name = callName(node);
      if (!name || !PURE_CALLS.has(name)) return false;
      break;
    }
    default:
      break;
  }
  return node.namedChildren.every((c) => c.type === 'comment' || isSideEffectFree(c));
}

const ZERO_RE = /^(?:0+|0[xX]0+)[uUlL]*$/;

export function isLiteralZero(node: SyntaxNode): boolean {
  const n = unparen(node);
  return n.type === 'number_literal' && ZERO_RE.test(n.text);
}

/**
 * C precedence levels (higher binds tighter) of the operator at the top of
 * `node`; primary and postfix expressions are 16.
 */
export function precedenceOf(node: SyntaxNode): number {
  switch (node.type) {
    case 'comma_expression':
      return 1;
    case 'assignment_expression':
      return 2;
    case 'conditional_expression':
      return 3;
    case 'binary_expression': {
      const op = node.childForFieldName('operator')?.type ?? '';
      return BINARY_PRECEDENCE[op] ?? 4;
    }
    case 'cast_expression':
    case 'unary_expression':
    case 'pointer_expression':
    case 'sizeof_expression':
    case 'alignof_expression':
      return 14;
    case 'update_expression':
      return node.child(0)?.type === '++' || node.child(0)?.type === '--' ? 14 : 15;
    default:
      return 16;
  }
}

const BINARY_PRECEDENCE: Record<string, number> = {
  '||': 4,
  '&&': 5,
  '|': 6,
  '^': 7,
  '&': 8,
  '==': 9,
  '!=': 9,
  '<': 10,
  '>': 10,
  '<=': 10,
  '>=': 10,
  '<<': 11,
  '>>': 11,
  '+': 12,
  '-': 12,
  '*': 13,
  '/': 13,
  '%': 13,
};

/**
 * Text of `node` to stand as an operand of a left-associative binary
 * operator of precedence `level`: the left operand may share the level, the
 * right one must bind tighter (`X + (a - b)` keeps a - b's own type).
 */
export function operandText(node: SyntaxNode, level: number, side: 'left' | 'right'): string {
  const p = precedenceOf(node);
  return (side === 'left' ? p >= level : p > level) ? node.text : `(${node.text})`;
}

/** Precedence levels for callers of operandText. */
export const PRECEDENCE = { bitwiseOr: 6, additive: 12 } as const;
