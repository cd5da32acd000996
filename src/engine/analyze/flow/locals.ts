/**
 * The variables of one function: parameters, locals (automatic or static),
 * their declared types, and which have their address taken. Names are
 * function-wide: a name declared in two blocks is one entry with two
 * declarations (`shadowed`), which analyses treat with suspicion.
 */
import type { SyntaxNode } from '../../../core/syntax.js';
import { ancestorChain } from '../../../core/tree/ancestry.js';

export interface VariableInfo {
  readonly name: string;
  readonly kind: 'parameter' | 'local' | 'static';
  /** The declaration (or parameter_declaration) node. */
  readonly declaration: SyntaxNode;
  /** The declarator inside it (init_declarator for an initialized local). */
  readonly declarator: SyntaxNode;
  /** The type specifier text, e.g. `char`, `u8`, `struct page`. */
  readonly baseType: string;
  /** `*` count of the declarator. */
  readonly pointerDepth: number;
  readonly isArray: boolean;
  /** Declared more than once in the function (different blocks). */
  readonly shadowed: boolean;
}

export interface FunctionScope {
  readonly variables: ReadonlyMap<string, VariableInfo>;
  /** Names whose address is taken (`&name`) somewhere in the function. */
  readonly addressTaken: ReadonlySet<string>;
  /** Parameter or automatic local (not static): its value dies with the call. */
  isAutomatic(name: string): boolean;
}

export function functionScope(fn: SyntaxNode): FunctionScope {
  const variables = new Map<string, VariableInfo>();
  const add = (info: Omit<VariableInfo, 'shadowed'>) => {
    const seen = variables.get(info.name);
    variables.set(info.name, seen ? { ...seen, shadowed: true } : { ...info, shadowed: false });
  };
  const fnDecl = functionDeclarator(fn);
  for (const p of fnDecl?.childForFieldName('parameters')?.namedChildren ?? []) {
    if (p.type !== 'parameter_declaration') continue;
    const declarator = p.childForFieldName('declarator');
    const chain = declaratorChain(declarator);
    const id = identifierOf(chain);
    if (!id || !declarator) continue;
    add({ name: id.text, kind: 'parameter', declaration: p, declarator, baseType: baseTypeText(p), ...shape(chain) });
  }
  const body = fn.childForFieldName('body');
  // One walk of the body for both kinds (each in document order, as two walks would give them).
  const found = body?.descendantsOfType(['declaration', 'pointer_expression']) ?? [];
  for (const d of found.filter((n) => n.type === 'declaration')) {
    const isStatic = d.children.some((c) => c.type === 'storage_class_specifier' && (c.text === 'static' || c.text === 'extern'));
    for (const declarator of d.childrenForFieldName('declarator')) {
      const target = declarator.type === 'init_declarator' ? declarator.childForFieldName('declarator') : declarator;
      if (!target) continue;
      const chain = declaratorChain(target);
      if (chain.some((n) => n.type === 'function_declarator')) continue;
      const id = identifierOf(chain);
      if (!id) continue;
      add({ name: id.text, kind: isStatic ? 'static' : 'local', declaration: d, declarator, baseType: baseTypeText(d), ...shape(chain) });
    }
  }
  const addressTaken = new Set<string>();
  for (const p of found.filter((n) => n.type === 'pointer_expression')) {
    if (p.child(0)?.type !== '&') continue;
    let arg = p.childForFieldName('argument');
    while (arg && (arg.type === 'parenthesized_expression' || arg.type === 'field_expression' || arg.type === 'subscript_expression')) {
      arg = arg.type === 'parenthesized_expression' ? arg.namedChildren[0] ?? null : arg.childForFieldName('argument');
    }
    if (arg?.type === 'identifier') addressTaken.add(arg.text);
  }
  return {
    variables,
    addressTaken,
    isAutomatic: (name) => {
      const v = variables.get(name);
      return v !== undefined && v.kind !== 'static';
    },
  };
}

export function functionDeclarator(fn: SyntaxNode): SyntaxNode | undefined {
  let d = fn.childForFieldName('declarator');
  while (d && d.type !== 'function_declarator') d = d.childForFieldName('declarator');
  return d ?? undefined;
}

/**
 * A declarator and the declarators nested in it (`*a[4]` → pointer, array,
 * identifier), read once for the questions below (each field lookup crosses
 * into the parser).
 */
function declaratorChain(d: SyntaxNode | null): SyntaxNode[] {
  const chain: SyntaxNode[] = [];
  for (let n = d; n; n = n.childForFieldName('declarator')) chain.push(n);
  return chain;
}

/** What declaredIdentifier() gives for the chain's first declarator: the identifier it reaches through `declarator` fields. */
function identifierOf(chain: readonly SyntaxNode[]): SyntaxNode | undefined {
  return chain.find((n) => n.type === 'identifier');
}

function shape(chain: readonly SyntaxNode[]): { pointerDepth: number; isArray: boolean } {
  let pointerDepth = 0;
  let isArray = false;
  for (const n of chain) {
    if (n.type === 'pointer_declarator') pointerDepth++;
    if (n.type === 'array_declarator') isArray = true;
  }
  return { pointerDepth, isArray };
}

function baseTypeText(decl: SyntaxNode): string {
  const type = decl.childForFieldName('type');
  return type ? type.text.replace(/\s+/g, ' ') : '';
}

/**
 * The function a node belongs to: the outermost function_definition, since
 * C has none nested (tree-sitter reads `list_for_each_entry(...) { int x; ...}`
 * inside a body as an old-style definition).
 */
export function enclosingFunction(node: SyntaxNode): SyntaxNode | undefined {
  // The outermost: the first from the root.
  for (const p of ancestorChain(node)) if (p.type === 'function_definition') return p;
  return node.type === 'function_definition' ? node : undefined;
}
