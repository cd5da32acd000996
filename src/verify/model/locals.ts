/**
 * The function's parameters and locals, and which of them the model tracks
 * by value: scalars and pointers whose address is never taken, that are not
 * arrays, static, or structures accessed with `.`. Every other variable is
 * memory: a store to it is an event.
 */
import type { AstNode } from './ast.js';
import { normalizeType } from './canon.js';

export interface Variable {
  readonly name: string;
  /** Declared type, normalized (`u32 *`). */
  readonly type: string;
  readonly isParam: boolean;
  /** Position among the parameters. */
  readonly index?: number;
  readonly byValue: boolean;
}

export interface FunctionVariables {
  readonly params: readonly Variable[];
  readonly byName: ReadonlyMap<string, Variable>;
}

export function declaratorName(decl: AstNode | null | undefined): string | undefined {
  let d = decl ?? null;
  while (d && d.type !== 'identifier') {
    if (d.type === 'parenthesized_declarator') d = d.namedChildren[0] ?? null;
    else d = d.childForFieldName('declarator');
  }
  return d?.text;
}

/** Pointer depth and array-ness of a declarator. */
function declaratorShape(decl: AstNode | null): { stars: number; array: boolean; fn: boolean } {
  let stars = 0;
  let array = false;
  let fn = false;
  for (let d = decl; d && d.type !== 'identifier'; ) {
    if (d.type === 'pointer_declarator') stars++;
    else if (d.type === 'array_declarator') array = true;
    else if (d.type === 'function_declarator') fn = true;
    d = d.type === 'parenthesized_declarator' ? (d.namedChildren[0] ?? null) : d.childForFieldName('declarator');
  }
  return { stars, array, fn };
}

function typeText(typeNode: AstNode | null, decl: AstNode | null): string {
  const base = typeNode ? normalizeType(typeNode.text) : 'int';
  const { stars } = declaratorShape(decl);
  return stars > 0 ? `${base} ${'*'.repeat(stars)}` : base;
}

export function functionDeclarator(fn: AstNode): AstNode | undefined {
  let d = fn.childForFieldName('declarator');
  while (d && d.type !== 'function_declarator') d = d.childForFieldName('declarator');
  return d ?? undefined;
}

export function collectVariables(fn: AstNode): FunctionVariables {
  const body = fn.childForFieldName('body');
  const addressTaken = new Set<string>();
  const dotAccessed = new Set<string>();
  for (const p of body?.descendantsOfType('pointer_expression') ?? []) {
    if (p.child(0)?.type !== '&') continue;
    const arg = p.childForFieldName('argument');
    const base = arg ? baseIdentifier(arg) : undefined;
    if (base) addressTaken.add(base);
  }
  for (const f of body?.descendantsOfType('field_expression') ?? []) {
    if (f.childForFieldName('operator')?.text !== '.') continue;
    const obj = f.childForFieldName('argument');
    if (obj?.type === 'identifier') dotAccessed.add(obj.text);
  }
  const byName = new Map<string, Variable>();
  const params: Variable[] = [];
  const add = (v: Variable) => {
    const prev = byName.get(v.name);
    // A name declared twice (shadowing, #if branches): tracked by value only if every declaration allows it.
    byName.set(v.name, prev ? { ...v, byValue: prev.byValue && v.byValue, isParam: prev.isParam || v.isParam } : v);
  };
  const fd = functionDeclarator(fn);
  const plist = fd?.childForFieldName('parameters');
  let index = 0;
  for (const p of plist?.namedChildren ?? []) {
    if (p.type !== 'parameter_declaration') continue;
    const decl = p.childForFieldName('declarator');
    const name = declaratorName(decl);
    const i = index++;
    if (!name) continue;
    const shape = declaratorShape(decl);
    const type = typeText(p.childForFieldName('type'), decl);
    const v: Variable = { name, type, isParam: true, index: i, byValue: !shape.array && !addressTaken.has(name) && !dotAccessed.has(name) && !isStructValue(type, shape.stars) };
    params.push(v);
    add(v);
  }
  for (const d of body?.descendantsOfType('declaration') ?? []) {
    const isStatic = d.children.some((c) => c.type === 'storage_class_specifier' && (c.text === 'static' || c.text === 'extern'));
    const typeNode = d.childForFieldName('type');
    for (const decl of d.childrenForFieldName('declarator')) {
      const target = decl.type === 'init_declarator' ? decl.childForFieldName('declarator') : decl;
      const name = declaratorName(target);
      if (!name) continue;
      const shape = declaratorShape(target);
      const type = typeText(typeNode, target);
      add({ name, type, isParam: false, byValue: !isStatic && !shape.array && !shape.fn && !addressTaken.has(name) && !dotAccessed.has(name) && !isStructValue(type, shape.stars) });
    }
  }
  return { params, byName };
}

function isStructValue(type: string, stars: number): boolean {
  return stars === 0 && /^(?:struct|union)\b/.test(type);
}

function baseIdentifier(n: AstNode): string | undefined {
  // &x takes x's address; &p[i], &p->f and &s.f do not expose a pointer local (arrays and structs are memory anyway).
  let x: AstNode | null = n;
  while (x && x.type === 'parenthesized_expression') x = x.namedChildren[0] ?? null;
  return x?.type === 'identifier' ? x.text : undefined;
}
