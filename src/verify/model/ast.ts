/**
 * A plain JavaScript copy of a syntax tree, built once with a tree cursor.
 * The model walks each function once per path; reading tree-sitter's nodes
 * through the native binding that often costs more than the model itself,
 * so it reads this copy instead. It offers the subset of the SyntaxNode
 * interface the model uses, with the same names and meanings (indices in
 * UTF-16 units, `descendantsOfType` including the node itself).
 */
import type { SyntaxNode, TreeCursor } from '../../core/syntax.js';

/** What the nodes of one copied tree share: the text, and the next node id. */
interface TreeCopy {
  readonly source: string;
  nextId: number;
}

/**
 * The nodes one copy of a function's subtree made, in pre-order: ids
 * `first`, `first + 1`, ..., so a node's descendants are the run from its
 * id to its `lastId`. The file level (copied with functions left for later)
 * has no such list.
 */
interface Span {
  readonly tree: TreeCopy;
  readonly nodes: AstNode[] | undefined;
  readonly first: number;
}

/** A leaf's children: one shared empty array (a copy holds far more leaves than inner nodes). */
const NO_CHILDREN: AstNode[] = [];

/** What a lazily copied function definition keeps until (and after) its subtree is copied. */
interface LazyCopy {
  /** The syntax node it is copied from. */
  readonly syntax: SyntaxNode;
  /** Its name, read without copying the body. */
  readonly name: string | undefined;
  /** Not copied yet. */
  pending: boolean;
  /** Once copied: how many levels its deepest node is below it, and the nodes below it. */
  height: number;
  span: Span | undefined;
}

const NAMED = 1;
const MISSING = 2;
const HAS_ERROR = 4;

export class AstNode {
  private kids: AstNode[] = NO_CHILDREN;
  private named: AstNode[] | undefined = undefined;
  private byType: Map<string, AstNode[]> | undefined = undefined;
  /** Set on a function definition whose subtree is copied on first use. */
  private lazy: LazyCopy | undefined = undefined;
  /** NAMED, MISSING and HAS_ERROR in one number (a copy holds many nodes). */
  private flags: number;
  /** The id of the last node of this subtree (in pre-order), once copied. */
  private lastId = -1;

  constructor(
    readonly id: number,
    readonly type: string,
    isNamed: boolean,
    isMissing: boolean,
    readonly startIndex: number,
    readonly endIndex: number,
    /** startPosition's row and column, kept as numbers. */
    readonly row: number,
    readonly column: number,
    readonly fieldName: string | undefined,
    readonly parent: AstNode | null,
    private readonly span: Span,
  ) {
    this.flags = (isNamed ? NAMED : 0) | (isMissing ? MISSING : 0);
  }

  get isNamed(): boolean {
    return (this.flags & NAMED) !== 0;
  }

  get isMissing(): boolean {
    return (this.flags & MISSING) !== 0;
  }

  get hasError(): boolean {
    return (this.flags & HAS_ERROR) !== 0;
  }

  /** @internal */
  setHasError(value: boolean): void {
    this.flags = value ? this.flags | HAS_ERROR : this.flags & ~HAS_ERROR;
  }

  /** For a function definition copied lazily: its name, read without copying the body. */
  get functionName(): string | undefined {
    return this.lazy?.name;
  }

  get startPosition(): { readonly row: number; readonly column: number } {
    return { row: this.row, column: this.column };
  }

  get children(): AstNode[] {
    const lazy = this.lazy;
    if (lazy?.pending) {
      lazy.pending = false;
      const span: Span = { tree: this.span.tree, nodes: [], first: this.span.tree.nextId };
      lazy.height = fill(this, lazy.syntax, span);
      lazy.span = span;
    }
    return this.kids;
  }

  /** @internal */
  setPending(syntax: SyntaxNode, name: string | undefined): void {
    this.lazy = { syntax, name, pending: true, height: -1, span: undefined };
  }

  /**
   * Drop the copy of a lazily copied function's subtree (copied again if read
   * again): a file of thousands of changed functions need not hold them all.
   */
  release(): void {
    const lazy = this.lazy;
    if (!lazy || lazy.pending) return;
    this.kids = NO_CHILDREN;
    this.named = undefined;
    this.byType = undefined;
    lazy.height = -1;
    lazy.span = undefined;
    lazy.pending = true;
  }

  /**
   * How many levels the deepest node under this one is below it, when the
   * copy measured it (a lazily copied subtree, measured as it is copied);
   * undefined otherwise.
   */
  measuredHeight(): number | undefined {
    const lazy = this.lazy;
    if (!lazy) return undefined;
    if (lazy.pending) void this.children;
    return lazy.height;
  }

  /** @internal How many nodes this subtree holds, this one included (once copied). */
  size(): number {
    return this.lastId - this.id + 1;
  }

  /** @internal */
  finishCopy(lastId: number): void {
    this.lastId = lastId;
    let error = this.type === 'ERROR' || this.isMissing;
    for (let i = 0; !error && i < this.kids.length; i++) error = this.kids[i]!.hasError;
    this.setHasError(error);
  }

  /**
   * @internal The nodes of this subtree in pre-order, as a run of the list a
   * copy of a function's subtree made (read without walking children): this
   * node first, except for the function definition itself (the list is its
   * copy, the nodes below it). Undefined for nodes of the file level.
   */
  preorder(): { nodes: readonly AstNode[]; from: number; to: number } | undefined {
    const lazy = this.lazy;
    if (lazy) {
      void this.children;
      const nodes = lazy.span!.nodes!;
      return { nodes, from: 0, to: nodes.length };
    }
    const span = this.span;
    if (!span.nodes || this.lastId < 0) return undefined;
    return { nodes: span.nodes, from: this.id - span.first, to: this.lastId - span.first + 1 };
  }

  /** @internal */
  addChild(c: AstNode): void {
    if (this.kids === NO_CHILDREN) this.kids = [c];
    else this.kids.push(c);
  }

  get text(): string {
    return this.span.tree.source.slice(this.startIndex, this.endIndex);
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
    const run = out ? undefined : this.preorder();
    if (run) {
      out = this.lazy && this.type === type ? [this] : [];
      const { nodes, to } = run;
      for (let i = run.from; i < to; i++) if (nodes[i]!.type === type) out.push(nodes[i]!);
      this.byType.set(type, out);
    } else if (!out) {
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
 * What a cursor tells of a node kind, read once per language: node type
 * names and whether they are named by type id, field names by field id.
 * Reading numbers from the cursor and these tables costs less than reading
 * the strings for every node. From the grammar's node types (when the
 * language carries them): the kinds that are tokens (no children to look
 * for) and the kinds whose children have no field names (none to ask for).
 */
interface LanguageNames {
  readonly types: (string | undefined)[];
  readonly named: boolean[];
  readonly fields: (string | undefined)[];
  /** By type id: a token (no children), and a kind whose children carry no field. */
  readonly token: boolean[];
  readonly fieldless: boolean[];
  /** Node types of the grammar, `named:type` → shape (node-types.json). */
  readonly shapes: ReadonlyMap<string, { token: boolean; fieldless: boolean }>;
}

interface NodeTypeInfo {
  readonly type: string;
  readonly named: boolean;
  readonly fields?: Record<string, unknown>;
  readonly children?: unknown;
  readonly subtypes?: unknown;
}

const namesByLanguage = new WeakMap<object, LanguageNames>();

function languageNames(cursor: TreeCursor): LanguageNames {
  const language = (cursor as unknown as { tree: { language: { nodeTypeInfo?: readonly NodeTypeInfo[] } } }).tree.language;
  let names = namesByLanguage.get(language);
  if (!names) {
    const shapes = new Map<string, { token: boolean; fieldless: boolean }>();
    // A token is listed without fields or children; a rule with `fields: {}` has children, none named by a field.
    for (const t of language.nodeTypeInfo ?? []) {
      if (t.subtypes) continue;
      shapes.set(`${t.named}:${t.type}`, { token: !t.fields && !t.children, fieldless: t.fields !== undefined && Object.keys(t.fields).length === 0 });
    }
    names = { types: [], named: [], fields: [], token: [], fieldless: [], shapes };
    namesByLanguage.set(language, names);
  }
  return names;
}

/** The shape of a node kind: unknown kinds (ERROR) are neither tokens nor fieldless. */
function shapeOf(names: LanguageNames, type: string, named: boolean): { token: boolean; fieldless: boolean } {
  return names.shapes.get(`${named}:${type}`) ?? { token: false, fieldless: false };
}

/**
 * Copy `root` (a node of a tree parsed from `source`, or from a text of the
 * same length with line breaks only where `source` has them, such as the
 * normaliser's) and everything below it; function bodies are copied when
 * first read, since the model reads only the functions a change touches.
 */
export function mirrorTree(root: SyntaxNode, source: string): AstNode {
  const cursor = root.walk();
  const span: Span = { tree: { source, nextId: 1 }, nodes: undefined, first: 0 };
  const at = cursor.startPosition;
  const top = new AstNode(0, cursor.nodeType, cursor.nodeIsNamed, cursor.nodeIsMissing, cursor.startIndex, cursor.endIndex, at.row, at.column, undefined, null, span);
  fill(top, root, span, true);
  return top;
}

/**
 * Copy the children of `syntax` (copied as `target`) and below, in pre-order
 * with one cursor; returns how many levels the deepest node is below `target`.
 */
function fill(target: AstNode, syntax: SyntaxNode, span: Span, lazyFunctions = false): number {
  const tree = span.tree;
  const nodes = span.nodes;
  const cursor = syntax.walk();
  const names = languageNames(cursor);
  const path: AstNode[] = [target];
  // For each node on the path: do its children go without field names?
  const fieldless: boolean[] = [shapeOf(names, target.type, target.isNamed).fieldless];
  // The last node copied, and where the line it starts on ends (see below).
  let last = target;
  let lineEnd = tree.source.indexOf('\n', target.startIndex);
  if (lineEnd === -1) lineEnd = tree.source.length;
  let height = 0;
  // Iterative pre-order walk: deep expression chains must not exhaust the stack.
  if (cursor.gotoFirstChild()) {
    for (;;) {
      const parent = path[path.length - 1]!;
      if (path.length > height) height = path.length;
      const typeId = cursor.nodeTypeId;
      let type = names.types[typeId];
      if (type === undefined) {
        type = names.types[typeId] = cursor.nodeType;
        const named = (names.named[typeId] = cursor.nodeIsNamed);
        const shape = shapeOf(names, type, named);
        names.token[typeId] = shape.token;
        names.fieldless[typeId] = shape.fieldless;
      }
      const fieldId = fieldless[fieldless.length - 1] ? 0 : cursor.currentFieldId;
      let fieldName: string | undefined;
      if (fieldId !== 0) fieldName = names.fields[fieldId] ??= cursor.currentFieldName ?? undefined;
      const start = cursor.startIndex;
      const end = cursor.endIndex;
      // A MISSING node is always empty: ask only about empty nodes.
      const missing = start === end && cursor.nodeIsMissing;
      // The start position is read from the cursor only for the first node after a line break:
      // on the same line, the column moves by as many UTF-16 units as the index.
      let row: number;
      let column: number;
      if (start >= last.startIndex && start < lineEnd) {
        row = last.row;
        column = last.column + (start - last.startIndex);
      } else {
        const at = cursor.startPosition;
        row = at.row;
        column = at.column;
        lineEnd = tree.source.indexOf('\n', start);
        if (lineEnd === -1) lineEnd = tree.source.length;
      }
      const node = new AstNode(tree.nextId++, type, names.named[typeId]!, missing, start, end, row, column, fieldName, parent, span);
      parent.addChild(node);
      nodes?.push(node);
      last = node;
      if (lazyFunctions && type === 'function_definition') {
        const fn = cursor.currentNode;
        const name = definedName(cursor, names);
        node.setPending(fn, name && tree.source.slice(name.start, name.end));
        node.setHasError(fn.hasError);
      } else if (!names.token[typeId] && cursor.gotoFirstChild()) {
        path.push(node);
        fieldless.push(names.fieldless[typeId]!);
        continue;
      } else node.finishCopy(node.id);
      while (!cursor.gotoNextSibling()) {
        if (!cursor.gotoParent() || path.length === 1) {
          target.finishCopy(tree.nextId - 1);
          return height;
        }
        path.pop()!.finishCopy(tree.nextId - 1);
        fieldless.pop();
      }
    }
  }
  target.finishCopy(tree.nextId - 1);
  return height;
}
/**
 * The identifier the function definition at `cursor` defines, through
 * pointer and parenthesised declarators, as a range of the text; the cursor
 * is back on the definition after.
 */
function definedName(cursor: TreeCursor, names: LanguageNames): { start: number; end: number } | undefined {
  let depth = 0;
  const down = (step: () => boolean): boolean => {
    if (!cursor.gotoFirstChild()) return false;
    depth++;
    for (;;) {
      if (step()) return true;
      if (!cursor.gotoNextSibling()) return false;
    }
  };
  const typeOf = () => names.types[cursor.nodeTypeId] ?? cursor.nodeType;
  // childForFieldName('declarator') and namedChildren[0], from the cursor's node.
  const field = () => down(() => cursor.currentFieldId !== 0 && (names.fields[cursor.currentFieldId] ?? cursor.currentFieldName) === 'declarator');
  const firstNamed = () => down(() => cursor.nodeIsNamed);
  let found: { start: number; end: number } | undefined;
  if (field()) {
    let ok = true;
    while (ok && typeOf() !== 'function_declarator') ok = typeOf() === 'parenthesized_declarator' ? firstNamed() : field();
    if (ok && field()) {
      while (ok && typeOf() !== 'identifier') ok = typeOf() === 'parenthesized_declarator' ? firstNamed() : field();
      if (ok) found = { start: cursor.startIndex, end: cursor.endIndex };
    }
  }
  for (; depth > 0; depth--) cursor.gotoParent();
  return found;
}

/** The tokens of a node, comments dropped, one space apart: equal for code that differs only in layout. */
export function tokenText(n: AstNode): string {
  const out: string[] = [];
  const run = n.preorder();
  if (run) {
    const { nodes, to } = run;
    for (let i = run.from; i < to; i++) {
      const x = nodes[i]!;
      if (x.type === 'comment') i += x.size() - 1;
      else if (x.childCount === 0) out.push(x.text);
    }
    return out.join(' ');
  }
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
  const height = n.measuredHeight();
  if (height !== undefined) return height > limit;
  const stack: [AstNode, number][] = [[n, 0]];
  while (stack.length > 0) {
    const [x, d] = stack.pop()!;
    if (d > limit) return true;
    for (const c of x.children) stack.push([c, d + 1]);
  }
  return false;
}
