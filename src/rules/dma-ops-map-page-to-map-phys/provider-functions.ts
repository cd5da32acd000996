/**
 * Read-only facts about the provider functions an ops initialiser names:
 * their definitions and prototypes in the file, their parameters, and every
 * other place their names occur.
 */
import type { SyntaxNode } from '../../core/syntax.js';
import { closest, functionName } from '../../engine/analyze/syntax.js';

export interface Parameter {
  readonly node: SyntaxNode;
  /** Undefined for an unnamed parameter (prototypes). */
  readonly name?: string;
  /** The parameter's text without its name, whitespace collapsed: `struct page *`, `unsigned long`. */
  readonly type: string;
}

export function functionDeclaratorOf(node: SyntaxNode): SyntaxNode | undefined {
  let d = node.childForFieldName('declarator');
  while (d && d.type !== 'function_declarator') d = d.childForFieldName('declarator');
  return d ?? undefined;
}

export function parametersOf(fnOrDecl: SyntaxNode): { list: SyntaxNode; params: Parameter[] } | undefined {
  const decl = functionDeclaratorOf(fnOrDecl);
  const list = decl?.childForFieldName('parameters');
  if (!list) return undefined;
  const params = list.namedChildren
    .filter((c) => c.type === 'parameter_declaration' || c.type === 'variadic_parameter')
    .map((node) => {
      const nameNode = declaratorName(node.childForFieldName('declarator'));
      const name = nameNode?.text;
      const text = nameNode ? node.text.slice(0, nameNode.startIndex - node.startIndex) + node.text.slice(nameNode.endIndex - node.startIndex) : node.text;
      return { node, ...(name !== undefined ? { name } : {}), type: text.replace(/\s+/g, ' ').replace(/\s*\*\s*/g, ' *').trim() };
    });
  return { list, params };
}

function declaratorName(d: SyntaxNode | null): SyntaxNode | undefined {
  let n = d;
  while (n && n.type !== 'identifier') n = n.childForFieldName('declarator');
  return n ?? undefined;
}

/** Top-level (possibly #if-nested) function definitions by name. */
export function functionDefinitions(root: SyntaxNode): Map<string, SyntaxNode[]> {
  const out = new Map<string, SyntaxNode[]>();
  for (const fn of root.descendantsOfType('function_definition')) {
    const name = functionName(fn);
    if (!name) continue;
    const list = out.get(name) ?? [];
    list.push(fn);
    out.set(name, list);
  }
  return out;
}

export function isStatic(fn: SyntaxNode): boolean {
  return fn.namedChildren.some((c) => c.type === 'storage_class_specifier' && c.text === 'static');
}

export type ReferenceKind = 'definition' | 'prototype' | 'call' | 'ops-field' | 'other';

export interface NameReference {
  readonly node: SyntaxNode;
  readonly kind: ReferenceKind;
  /** The call, prototype declaration or initializer_pair, when there is one. */
  readonly owner?: SyntaxNode;
}

/** Every identifier node named `name`, classified by how the name is used. */
export function referencesTo(root: SyntaxNode, name: string): NameReference[] {
  const out: NameReference[] = [];
  for (const id of root.descendantsOfType('identifier')) {
    if (id.text !== name) continue;
    const parent = id.parent;
    if (parent?.type === 'function_declarator' && parent.childForFieldName('declarator')?.id === id.id) {
      const owner = closest(parent, new Set(['function_definition', 'declaration', 'field_declaration']));
      if (owner?.type === 'function_definition' && functionDeclaratorOf(owner)?.id === parent.id) {
        out.push({ node: id, kind: 'definition', owner });
        continue;
      }
      if (owner?.type === 'declaration') {
        out.push({ node: id, kind: 'prototype', owner });
        continue;
      }
    }
    if (parent?.type === 'call_expression' && parent.childForFieldName('function')?.id === id.id) {
      out.push({ node: id, kind: 'call', owner: parent });
      continue;
    }
    if (parent?.type === 'initializer_pair' && parent.childForFieldName('value')?.id === id.id) {
      out.push({ node: id, kind: 'ops-field', owner: parent });
      continue;
    }
    out.push({ node: id, kind: 'other' });
  }
  return out;
}

/** The ops field name (`map_page`, ...) of an initializer_pair, if it has a single field designator. */
export function fieldNameOf(pair: SyntaxNode): string | undefined {
  const designators = pair.childrenForFieldName('designator');
  if (designators.length !== 1 || designators[0]!.type !== 'field_designator') return undefined;
  return designators[0]!.namedChildren.find((c) => c.type === 'field_identifier')?.text;
}

/** The new name: the last `map_page` in the name becomes `map_phys` (`sbus_iommu_map_page_gflush` → `sbus_iommu_map_phys_gflush`). */
export function renamedProvider(name: string): string {
  const at = name.lastIndexOf('map_page');
  return at === -1 ? name : `${name.slice(0, at)}map_phys${name.slice(at + 'map_page'.length)}`;
}

/** The offset parameter's types in the .map_page prototype (and in helpers taking a page and an offset). */
export const OFFSET_TYPES: ReadonlySet<string> = new Set(['unsigned long', 'unsigned long int', 'size_t']);

/** Is the node inside a string literal? */
export function inString(node: SyntaxNode): boolean {
  for (let p: SyntaxNode | null = node; p; p = p.parent) if (p.type === 'string_literal' || p.type === 'string_content') return true;
  return false;
}

/** `phys`, unless the function already uses that identifier. */
export function choosePhysName(fn: SyntaxNode): string {
  const used = new Set(fn.descendantsOfType(['identifier', 'preproc_arg']).flatMap((n) => (n.type === 'identifier' ? [n.text] : n.text.split(/\W+/))));
  return ['phys', 'paddr', 'phys_addr'].find((n) => !used.has(n)) ?? 'phys_addr_for_dma';
}
