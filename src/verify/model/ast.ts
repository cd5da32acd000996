/**
 * A plain JavaScript copy of a syntax tree, built once with a tree cursor.
 * The model walks each function once per path; reading tree-sitter's nodes
 * through the native binding that often costs more than the model itself,
 * so it reads this copy instead. It offers the subset of the SyntaxNode
 * interface the model uses, with the same names and meanings (indices in
 * UTF-16 units, `descendantsOfType` including the node itself).
 */
import type { SyntaxNode } from '../../core/syntax.js';

/** What the nodes of one copied tree share: the text, and the next node id. */
interface TreeCopy {
  readonly source: string;
  nextId: number;
}

export class AstNode {
  private kids: AstNode[] = [];
  /** A function definition whose subtree is copied on first use. */
  private pending?: SyntaxNode;
  private named?: AstNode[];
  private byType?: Map<string, AstNode[]>;
  hasError = false;
  /** For a function definition copied lazily: its name, read without copying the body. */
  functionName?: string;

  constructor(
    readonly id: number,
    readonly type: string,
    readonly isNamed: boolean,
    readonly isMissing: boolean,
    readonly startIndex: number,
    readonly endIndex: number,
    readonly startPosition: { readonly row: number; readonly column: number },
    readonly fieldName: string | undefined,
    readonly parent: AstNode | null,
    private readonly tree: TreeCopy,
  ) {}

  get children(): AstNode[] {
    if (this.pending) {
      const syntax = this.pending;
      this.pending = undefined;
      fill(this, syntax, this.tree);
    }
    return this.kids;
  }

  /** @internal */
  setPending(syntax: SyntaxNode): void {
    this.pending = syntax;
    this.lazy = syntax;
  }

  /** The syntax node a lazily copied function definition is copied from. */
  private lazy?: SyntaxNode;

  /**
   * Drop the copy of a lazily copied function's subtree (copied again if read
   * again): a file of thousands of changed functions need not hold them all.
   */
  release(): void {
    if (!this.lazy || this.pending) return;
    this.kids = [];
    this.named = undefined;
    this.byType = undefined;
    this.pending = this.lazy;
  }

  /** @internal */
  addChild(c: AstNode): void {
    this.kids.push(c);
  }

  get text(): string {
    return this.tree.source.slice(this.startIndex, this.endIndex);
  }

  get childCount(): number {
    return this.children.length;
  }

  get namedChildren(): AstNode[] {
    return (this.named ??= this.children.filter((c) => c.isNamed));
  }

  get namedChildCount(): number {
    return this.namedChildren.length;
  }

  child(i: number): AstNode | null {
    return this.children[i] ?? null;
  }

  childForFieldName(name: string): AstNode | null {
    for (const c of this.children) if (c.fieldName === name) return c;
    return null;
  }

  childrenForFieldName(name: string): AstNode[] {
    return this.children.filter((c) => c.fieldName === name);
  }

  /** This node and its descendants of `type`, in document order. */
  descendantsOfType(type: string): AstNode[] {
    this.byType ??= new Map();
    let out = this.byType.get(type);
    if (!out) {
      out = [];
      const stack: AstNode[] = [this];
      while (stack.length > 0) {
        const n = stack.pop()!;
        if (n.type === type) out.push(n);
        for (let i = n.children.length - 1; i >= 0; i--) stack.push(n.children[i]!);
      }
      this.byType.set(type, out);
    }
    return out;
  }
}

/**
 * Copy `root` (a node of a tree parsed from `source`) and everything below
 * it; function bodies are copied when first read, since the model reads only
 * the functions a change touches.
 */
export function mirrorTree(root: SyntaxNode, source: string): AstNode {
  const cursor = root.walk();
  const tree: TreeCopy = { source, nextId: 1 };
  const top = new AstNode(0, cursor.nodeType, cursor.nodeIsNamed, cursor.nodeIsMissing, cursor.startIndex, cursor.endIndex, cursor.startPosition, undefined, null, tree);
  fill(top, root, tree, true);
  return top;
}

function fill(target: AstNode, syntax: SyntaxNode, tree: TreeCopy, lazyFunctions = false): void {
  const cursor = syntax.walk();
  const make = (parent: AstNode): AstNode =>
    new AstNode(tree.nextId++, cursor.nodeType, cursor.nodeIsNamed, cursor.nodeIsMissing, cursor.startIndex, cursor.endIndex, cursor.startPosition, cursor.currentFieldName ?? undefined, parent, tree);
  const path: AstNode[] = [target];
  // Iterative pre-order walk: deep expression chains must not exhaust the stack.
  if (cursor.gotoFirstChild()) {
    for (;;) {
      const parent = path[path.length - 1]!;
      const node = make(parent);
      parent.addChild(node);
      if (lazyFunctions && node.type === 'function_definition') {
        const fn = cursor.currentNode;
        node.setPending(fn);
        node.hasError = fn.hasError;
        const name = definedName(fn);
        if (name !== undefined) node.functionName = name;
      } else if (cursor.gotoFirstChild()) {
        path.push(node);
        continue;
      } else finish(node);
      while (!cursor.gotoNextSibling()) {
        if (!cursor.gotoParent() || path.length === 1) {
          finish(target);
          return;
        }
        finish(path.pop()!);
      }
    }
  }
  finish(target);
}

/** The identifier a function definition defines, through pointer and parenthesised declarators. */
function definedName(fn: SyntaxNode): string | undefined {
  let d: SyntaxNode | null = fn.childForFieldName('declarator');
  while (d && d.type !== 'function_declarator') d = d.type === 'parenthesized_declarator' ? d.namedChildren[0] ?? null : d.childForFieldName('declarator');
  let id: SyntaxNode | null = d?.childForFieldName('declarator') ?? null;
  while (id && id.type !== 'identifier') id = id.type === 'parenthesized_declarator' ? id.namedChildren[0] ?? null : id.childForFieldName('declarator');
  return id?.text;
}

function finish(n: AstNode): void {
  n.hasError = n.type === 'ERROR' || n.isMissing || n.children.some((c) => c.hasError);
}

/** The tokens of a node, comments dropped, one space apart: equal for code that differs only in layout. */
export function tokenText(n: AstNode): string {
  const out: string[] = [];
  // Iterative (an explicit stack, children pushed in reverse): nesting depth must not exhaust the call stack.
  const stack: AstNode[] = [n];
  while (stack.length > 0) {
    const x = stack.pop()!;
    if (x.type === 'comment') continue;
    if (x.childCount === 0) out.push(x.text);
    else for (let i = x.children.length - 1; i >= 0; i--) stack.push(x.children[i]!);
  }
  return out.join(' ');
}

/** Is any node under `n` more than `limit` levels below it? Iterative, so it cannot overflow the stack itself. */
export function nestedDeeperThan(n: AstNode, limit: number): boolean {
  const stack: [AstNode, number][] = [[n, 0]];
  while (stack.length > 0) {
    const [x, d] = stack.pop()!;
    if (d > limit) return true;
    for (const c of x.children) stack.push([c, d + 1]);
  }
  return false;
}
