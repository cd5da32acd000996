/**
 * A statement-level control-flow graph of one C function, built from the
 * syntax tree: sequences, if/else, switch (with fall-through), while, do,
 * for, break/continue, goto and labels, return, calls that never return,
 * `#if`/`#else` branches (both may be compiled in), and iterator macros
 * (`list_for_each_entry(...) { ... }`, which tree-sitter reads as a call
 * missing its `;` followed by a block) as loops.
 *
 * Nodes evaluate one statement or condition; analyses walk the expressions
 * inside a node themselves (see events.ts). Whatever the builder cannot model
 * faithfully (ERROR nodes in the body, computed goto, case labels outside a
 * switch body, jumps inside statement expressions) is listed in `problems`;
 * an analysis should refuse to conclude anything from a graph with problems.
 */
import type { SyntaxNode } from '../../../core/syntax.js';
import { unparen } from '../syntax.js';

export type CfgNodeKind =
  /** The function's start. */
  | 'entry'
  /** Every return and the fall-off end lead here. */
  | 'exit'
  /** A call that never returns (BUG(), panic()...): paths end here, not at exit. */
  | 'noreturn'
  /** A statement or expression evaluated for its effects: declaration, expression statement, return, for-loop initializer or update. */
  | 'eval'
  /** A condition choosing between successors (if, loops, switch, ?-less #if). */
  | 'branch'
  /** A label or a merge point; evaluates nothing. */
  | 'join'
  /** The closing brace of the body: the path falls off the end of the function. */
  | 'end';

/** What an edge out of a branch node assumes. */
export interface Assumption {
  /** The condition (or preprocessor directive) tested. */
  readonly cond: SyntaxNode;
  /** Canonical text of the condition with leading `!` stripped (so `x` and `!x` share a key). */
  readonly key: string;
  readonly value: boolean;
  readonly preprocessor: boolean;
}

export interface CfgEdge {
  readonly to: number;
  readonly assume?: Assumption;
}

export interface CfgNode {
  readonly id: number;
  readonly kind: CfgNodeKind;
  /** eval: the statement or expression; branch: the condition; end: the body; join: the labeled statement, if any. */
  readonly syntax?: SyntaxNode;
  /** For eval nodes: this node is a return statement. */
  readonly isReturn: boolean;
  readonly succ: CfgEdge[];
}

export interface CfgProblem {
  readonly kind: 'parse-error' | 'unsupported';
  readonly node: SyntaxNode;
  readonly detail: string;
}

export interface Cfg {
  readonly fn: SyntaxNode;
  readonly body: SyntaxNode;
  readonly nodes: readonly CfgNode[];
  readonly entry: number;
  readonly exit: number;
  readonly problems: readonly CfgProblem[];
  /** Branch nodes by assumption key, to tell whether a condition is tested more than once. */
  readonly conditionCount: ReadonlyMap<string, number>;
  /** The node evaluating a statement or condition (by syntax node id). */
  nodeOf(syntax: SyntaxNode): CfgNode | undefined;
}

/** Calls after which control never continues. */
const NORETURN_CALLS = new Set(['BUG', 'panic', 'do_exit', 'unreachable', '__builtin_unreachable', 'make_task_dead', 'kthread_exit', '__builtin_trap']);

interface Targets {
  readonly brk?: number;
  readonly cont?: number;
}

class Builder {
  /** The function's compound statements and their ranges, listed once (see compoundsIn). */
  private compounds?: readonly { readonly node: SyntaxNode; readonly start: number; readonly end: number }[];

  /** `scope`: the function; every node the builder is given lies in it. */
  constructor(private readonly scope: SyntaxNode) {}

  readonly nodes: CfgNode[] = [];
  readonly problems: CfgProblem[] = [];
  readonly bySyntax = new Map<number, number>();
  readonly labels = new Map<string, number>();
  readonly conditionCount = new Map<string, number>();

  add(kind: CfgNodeKind, syntax?: SyntaxNode, isReturn = false): number {
    const id = this.nodes.length;
    this.nodes.push({ id, kind, ...(syntax ? { syntax } : {}), isReturn, succ: [] });
    if (syntax && (kind === 'eval' || kind === 'branch')) this.bySyntax.set(syntax.id, id);
    return id;
  }

  link(from: number, to: number, assume?: Assumption): void {
    this.nodes[from]!.succ.push({ to, ...(assume ? { assume } : {}) });
  }

  problem(kind: CfgProblem['kind'], node: SyntaxNode, detail: string): void {
    this.problems.push({ kind, node, detail });
  }

  label(name: string): number {
    let id = this.labels.get(name);
    if (id === undefined) {
      id = this.add('join');
      this.labels.set(name, id);
    }
    return id;
  }

  /** A two-way branch on `cond` (a C condition or a preprocessor directive). */
  branch(syntax: SyntaxNode, cond: SyntaxNode | undefined, whenTrue: number, whenFalse: number, preprocessor = false, keyText?: string): number {
    const id = this.add('branch', syntax);
    const constant = cond ? constantTruth(cond) : undefined;
    if (!cond) {
      this.link(id, whenTrue);
      return id;
    }
    const { key, negated } = keyText !== undefined ? { key: keyText, negated: false } : conditionKey(cond);
    this.conditionCount.set(key, (this.conditionCount.get(key) ?? 0) + 1);
    if (constant !== true) this.link(id, whenFalse, { cond, key, value: negated, preprocessor });
    if (constant !== false) this.link(id, whenTrue, { cond, key, value: !negated, preprocessor });
    return id;
  }

  /** Build `s` so that it continues at `next`; returns its entry node. */
  statement(s: SyntaxNode, next: number, t: Targets): number {
    switch (s.type) {
      case 'compound_statement':
        return this.sequence(s.namedChildren, next, t);
      case 'expression_statement':
      case 'declaration':
      case 'type_definition':
      case 'struct_specifier':
      case 'union_specifier':
      case 'enum_specifier':
        return this.evalStatement(s, next);
      case 'return_statement': {
        this.checkExpression(s);
        const id = this.add('eval', s, true);
        this.link(id, this.exitId);
        return id;
      }
      case 'if_statement':
        return this.ifStatement(s, next, t);
      case 'while_statement':
        return this.whileStatement(s, next);
      case 'do_statement':
        return this.doStatement(s, next);
      case 'for_statement':
        return this.forStatement(s, next);
      case 'switch_statement':
        return this.switchStatement(s, next, t);
      case 'case_statement':
        this.problem('unsupported', s, 'case label outside the top level of a switch body');
        return this.sequence(caseBody(s), next, t);
      case 'break_statement':
      case 'continue_statement':
      case 'goto_statement':
        return this.jump(s, next, t);
      case 'labeled_statement': {
        const label = s.childForFieldName('label');
        const inner = s.namedChildren.find((c) => c.type !== 'statement_identifier' && c.type !== 'comment');
        const id = label ? this.label(label.text) : this.add('join');
        this.link(id, inner ? this.statement(inner, next, t) : next);
        return id;
      }
      case 'preproc_if':
      case 'preproc_ifdef':
      case 'preproc_elif':
      case 'preproc_elifdef':
        return this.preprocessorBranch(s, next, t);
      case 'preproc_else':
        return this.sequence(s.namedChildren, next, t);
      case 'preproc_call':
      case 'preproc_def':
      case 'preproc_function_def':
      case 'preproc_include':
      case 'comment':
        return next;
      case 'attributed_statement': {
        const inner = s.namedChildren.filter((c) => c.type !== 'attribute_declaration').at(-1);
        return inner && inner.type !== 'attribute_declaration' ? this.statement(inner, next, t) : next;
      }
      case 'function_definition':
        return this.iteratorMacroLoop(s, next);
      case 'ERROR':
        this.problem('parse-error', s, 'code tree-sitter could not parse');
        return this.opaque(s, next);
      default:
        if (s.type.startsWith('seh_') || s.type === 'gnu_asm_expression') return this.opaque(s, next);
        this.problem('unsupported', s, `statement of type ${s.type}`);
        return this.opaque(s, next);
    }
  }

  /** An expression or declaration: one node, or a dead end when it ends in a noreturn call. */
  private evalStatement(s: SyntaxNode, next: number): number {
    this.checkExpression(s);
    if (s.namedChildCount === 0) return next; // `;`
    const id = this.add('eval', s);
    this.link(id, endsInNoreturn(s) ? this.add('noreturn', s) : next);
    return id;
  }

  /** `if`: a branch to the consequence or the alternative. */
  private ifStatement(s: SyntaxNode, next: number, t: Targets): number {
    const cond = s.childForFieldName('condition');
    const cons = s.childForFieldName('consequence');
    const alt = s.childForFieldName('alternative');
    const altStmt = alt?.namedChildren.find((c) => c.type !== 'comment');
    if (cond) this.checkExpression(cond);
    const whenTrue = cons ? this.statement(cons, next, t) : next;
    const whenFalse = altStmt ? this.statement(altStmt, next, t) : next;
    return this.branch(cond ?? s, cond ? conditionOf(cond) : undefined, whenTrue, whenFalse);
  }

  /** `while`: the test before each pass. */
  private whileStatement(s: SyntaxNode, next: number): number {
    const cond = s.childForFieldName('condition');
    const body = s.childForFieldName('body');
    if (cond) this.checkExpression(cond);
    const head = this.add('join');
    const bodyEntry = body ? this.statement(body, head, { brk: next, cont: head }) : head;
    const test = this.branch(cond ?? s, cond ? conditionOf(cond) : undefined, bodyEntry, next, false, iteratorLoopKey(s));
    this.link(head, test);
    return head;
  }

  /** `do ... while`: the test after each pass. */
  private doStatement(s: SyntaxNode, next: number): number {
    const cond = s.childForFieldName('condition');
    const body = s.childForFieldName('body');
    if (cond) this.checkExpression(cond);
    const test = this.add('join');
    const first = this.add('join');
    const bodyEntry = body ? this.statement(body, test, { brk: next, cont: test }) : test;
    this.link(first, bodyEntry);
    this.link(test, this.branch(cond ?? s, cond ? conditionOf(cond) : undefined, first, next));
    return first;
  }

  /** `for`: initializer once, then test, body and update. */
  private forStatement(s: SyntaxNode, next: number): number {
    const init = s.childForFieldName('initializer');
    const cond = s.childForFieldName('condition');
    const update = s.childForFieldName('update');
    const body = s.childForFieldName('body');
    for (const part of [init, cond, update]) if (part) this.checkExpression(part);
    const head = this.add('join');
    let continueAt = head;
    if (update) {
      continueAt = this.add('eval', update);
      this.link(continueAt, head);
    }
    const bodyEntry = body ? this.statement(body, continueAt, { brk: next, cont: continueAt }) : continueAt;
    this.link(head, cond ? this.branch(cond, conditionOf(cond), bodyEntry, next, false, iteratorLoopKey(s)) : bodyEntry);
    if (!init) return head;
    const initId = this.add('eval', init);
    this.link(initId, head);
    return initId;
  }

  /** `break`, `continue`, `goto`: where control goes (a problem when there is no target). */
  private jump(s: SyntaxNode, next: number, t: Targets): number {
    switch (s.type) {
      case 'break_statement':
        if (t.brk === undefined) {
          this.problem('unsupported', s, 'break outside a loop or switch');
          return next;
        }
        return t.brk;
      case 'continue_statement':
        if (t.cont === undefined) {
          this.problem('unsupported', s, 'continue outside a loop');
          return next;
        }
        return t.cont;
      default: {
        const label = s.childForFieldName('label');
        if (!label || s.children.some((c) => c.type === 'ERROR' || c.type === '*')) {
          this.problem('unsupported', s, 'computed goto');
          return this.exitId;
        }
        return this.label(label.text);
      }
    }
  }

  /**
   * C has no nested functions: this is an iterator macro whose block
   * starts with a declaration, which tree-sitter reads as an old-style
   * definition (`list_for_each_entry(...) { int x; ... }`). A loop.
   */
  private iteratorMacroLoop(s: SyntaxNode, next: number): number {
    const head = this.add('join');
    const body = s.childForFieldName('body');
    const bodyEntry = body ? this.statement(body, head, { brk: next, cont: head }) : head;
    const header = s.childForFieldName('declarator') ?? s;
    this.link(head, this.branch(header, header, bodyEntry, next, false, `loop:${s.startIndex}`));
    return head;
  }

  private opaque(s: SyntaxNode, next: number): number {
    const id = this.add('eval', s);
    this.link(id, next);
    return id;
  }

  exitId = -1;

  /**
   * A statement list. An expression statement that is a bare call missing its
   * `;`, followed by a statement, is an iterator macro and its loop body.
   */
  sequence(children: readonly SyntaxNode[], next: number, t: Targets): number {
    const items = children.filter((c) => c.type !== 'comment' && c.type !== '{' && c.type !== '}');
    let at = next;
    for (let i = items.length - 1; i >= 0; i--) {
      const s = items[i]!;
      const prev = items[i - 1];
      if (prev && isIteratorMacro(prev)) {
        const head = this.add('join');
        const bodyEntry = this.statement(s, head, { brk: at, cont: head });
        this.link(head, this.branch(prev, prev.namedChildren[0], bodyEntry, at, false, `loop:${prev.startIndex}`));
        at = head;
        i--;
        continue;
      }
      at = this.statement(s, at, t);
    }
    return at;
  }

  private switchStatement(s: SyntaxNode, next: number, t: Targets): number {
    const cond = s.childForFieldName('condition');
    const body = s.childForFieldName('body');
    if (cond) this.checkExpression(cond);
    const id = this.add('branch', cond ?? s);
    // Case labels may sit inside #if blocks of the switch body: all of them may be compiled in.
    const items = flattenPreprocessor((body?.namedChildren ?? []).filter((c) => c.type !== 'comment'));
    const groups: { label: SyntaxNode; stmts: SyntaxNode[] }[] = [];
    for (const c of items) {
      if (c.type === 'case_statement') groups.push({ label: c, stmts: caseBody(c) });
      else if (groups.length > 0) groups[groups.length - 1]!.stmts.push(c);
      // Statements before the first case label are unreachable.
    }
    const inner: Targets = { brk: next, ...(t.cont !== undefined ? { cont: t.cont } : {}) };
    let fall = next;
    let hasDefault = false;
    const entries: number[] = [];
    for (let i = groups.length - 1; i >= 0; i--) {
      const g = groups[i]!;
      const value = g.label.childForFieldName('value');
      if (!value) hasDefault = true;
      else this.checkExpression(value);
      const entry = this.add('join', g.label);
      this.link(entry, this.sequence(g.stmts, fall, inner));
      fall = entry;
      entries.unshift(entry);
    }
    for (const e of entries) this.link(id, e);
    if (!hasDefault) this.link(id, next);
    return id;
  }

  private preprocessorBranch(s: SyntaxNode, next: number, t: Targets): number {
    const alt = s.childForFieldName('alternative');
    const condition = s.childForFieldName('condition');
    const name = s.childForFieldName('name');
    const body = s.namedChildren.filter((c) => c.id !== alt?.id && c.id !== condition?.id && c.id !== name?.id);
    const whenTrue = this.sequence(body, next, t);
    const whenFalse = alt ? this.statement(alt, next, t) : next;
    const cond = condition ?? name;
    const directive = s.child(0)?.type ?? '#if';
    if (!cond) return this.branch(s, undefined, whenTrue, whenFalse, true);
    // #ifndef X is #ifdef X with the branches swapped.
    const negated = directive === '#ifndef' || directive === '#elifndef';
    const key = `${directive.replace(/^#(?:el)?(ifn?def|if)$/, (_, d: string) => `#${d === 'ifndef' ? 'ifdef' : d}`)} ${tokenText(cond)}`;
    const constant = directive === '#if' || directive === '#elif' ? constantTruth(cond) : undefined;
    const id = this.add('branch', s);
    this.conditionCount.set(key, (this.conditionCount.get(key) ?? 0) + 1);
    if (constant !== true) this.link(id, whenFalse, { cond, key, value: negated, preprocessor: true });
    if (constant !== false) this.link(id, whenTrue, { cond, key, value: !negated, preprocessor: true });
    return id;
  }

  /**
   * `node.descendantsOfType('compound_statement')` (the node itself included),
   * from one list of the function's compound statements: a non-empty one
   * strictly inside the node's range is its descendant. A node without range,
   * or one sharing its range with a compound statement, asks the tree.
   */
  private compoundsIn(node: SyntaxNode): SyntaxNode[] {
    const start = node.startIndex;
    const end = node.endIndex;
    if (start >= end) return node.descendantsOfType('compound_statement');
    this.compounds ??= this.scope.descendantsOfType('compound_statement').map((n) => ({ node: n, start: n.startIndex, end: n.endIndex }));
    const out: SyntaxNode[] = [];
    for (const c of this.compounds) {
      if (c.start < start || c.end > end) continue;
      if ((c.start === start && c.end === end) || c.start === c.end) return node.descendantsOfType('compound_statement');
      out.push(c.node);
    }
    return out;
  }

  /** Flag what an expression hides from the graph: parse errors and jumps inside statement expressions. */
  checkExpression(node: SyntaxNode): void {
    if (node.hasError) {
      for (const e of errorNodes(node)) this.problem('parse-error', e, e.isMissing ? `missing ${e.type}` : 'code tree-sitter could not parse');
    }
    for (const stmtExpr of this.compoundsIn(node)) {
      for (const j of stmtExpr.descendantsOfType(['return_statement', 'goto_statement', 'break_statement', 'continue_statement'])) {
        this.problem('unsupported', j, 'jump inside a statement expression');
      }
    }
  }
}

export function buildCfg(fn: SyntaxNode): Cfg {
  const b = new Builder(fn);
  const body = fn.childForFieldName('body') ?? fn;
  const entry = b.add('entry');
  const exit = b.add('exit');
  b.exitId = exit;
  const end = b.add('end', body);
  b.link(end, exit);
  const first = body.type === 'compound_statement' ? b.sequence(body.namedChildren, end, {}) : end;
  b.link(entry, first);
  for (const [name, id] of b.labels) {
    if (b.nodes[id]!.succ.length === 0) {
      b.problems.push({ kind: 'unsupported', node: body, detail: `goto to a label "${name}" not in the function` });
      b.link(id, exit);
    }
  }
  const byId = b.bySyntax;
  const nodes = b.nodes;
  return {
    fn,
    body,
    nodes,
    entry,
    exit,
    problems: b.problems,
    conditionCount: b.conditionCount,
    nodeOf: (syntax) => {
      const id = byId.get(syntax.id);
      return id === undefined ? undefined : nodes[id];
    },
  };
}

/** The statements of #if/#else blocks that hold case labels, spliced in place (both branches). */
function flattenPreprocessor(items: readonly SyntaxNode[]): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  for (const c of items) {
    if (/^preproc_(?:if|ifdef|elif|elifdef|else)$/.test(c.type) && c.descendantsOfType('case_statement').length > 0) {
      const skip = new Set([c.childForFieldName('condition')?.id, c.childForFieldName('name')?.id]);
      out.push(...flattenPreprocessor(c.namedChildren.filter((x) => !skip.has(x.id) && x.type !== 'comment')));
    } else {
      out.push(c);
    }
  }
  return out;
}

function caseBody(c: SyntaxNode): SyntaxNode[] {
  const value = c.childForFieldName('value');
  return c.namedChildren.filter((x) => x.id !== value?.id);
}

/**
 * The condition key of a loop the normaliser made from an iterator macro
 * (`list_for_each_entry(c, head, node) {` parsed as `for (c; head; node) {`;
 * node text reads the original, so the keyword reads as the macro's name):
 * unique per loop, since the macro advances its cursor and the "condition"
 * (`head`) does not say when the loop ends. Undefined for a real loop.
 */
function iteratorLoopKey(s: SyntaxNode): string | undefined {
  return isIteratorMacroLoop(s) ? `loop:${s.startIndex}` : undefined;
}

/** A `for`/`while` statement whose original text is an iterator macro (`for_each_sg(...)` reads `for`, then more of the name). */
export function isIteratorMacroLoop(s: SyntaxNode): boolean {
  if (s.type !== 'for_statement' && s.type !== 'while_statement') return false;
  const keyword = s.type === 'for_statement' ? 'for' : 'while';
  const text = s.text;
  return !text.startsWith(keyword) || /\w/.test(text.charAt(keyword.length));
}

/** `list_for_each_entry(pos, head, member)` with its `;` MISSING: an iterator macro heading a loop body. */
function isIteratorMacro(s: SyntaxNode): boolean {
  if (s.type !== 'expression_statement') return false;
  const last = s.child(s.childCount - 1);
  const call = s.namedChildren[0];
  return !!last && last.isMissing && last.type === ';' && s.namedChildCount === 1 && call?.type === 'call_expression' && call.childForFieldName('function')?.type === 'identifier' && !call.hasError;
}

function endsInNoreturn(s: SyntaxNode): boolean {
  const e = s.type === 'expression_statement' ? s.namedChildren[0] : undefined;
  if (e?.type !== 'call_expression') return false;
  const fn = e.childForFieldName('function');
  return fn?.type === 'identifier' && NORETURN_CALLS.has(fn.text);
}

/** ERROR and MISSING nodes below `node`, outermost only. */
export function errorNodes(node: SyntaxNode): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  const visit = (n: SyntaxNode) => {
    if (n.type === 'ERROR' || n.isMissing) {
      out.push(n);
      return;
    }
    if (!n.hasError) return;
    for (const c of n.children) visit(c);
  };
  visit(node);
  return out;
}

/** The condition inside `( ... )`. */
function conditionOf(cond: SyntaxNode): SyntaxNode {
  return unparen(cond.type === 'parenthesized_expression' && cond.namedChildCount === 1 ? cond.namedChildren[0]! : cond);
}

/** Leaf tokens joined by single spaces, comments dropped. */
export function tokenText(node: SyntaxNode): string {
  const out: string[] = [];
  const visit = (n: SyntaxNode) => {
    if (n.type === 'comment') return;
    if (n.childCount === 0) {
      if (n.text !== '') out.push(n.text);
      return;
    }
    for (const c of n.children) visit(c);
  };
  visit(node);
  return out.join(' ');
}

/** Key of a condition: its tokens with redundant parentheses and leading `!` stripped. */
export function conditionKey(cond: SyntaxNode): { key: string; negated: boolean } {
  let n = unparen(cond);
  let negated = false;
  while (n.type === 'unary_expression' && n.child(0)?.type === '!') {
    const arg = n.childForFieldName('argument');
    if (!arg) break;
    negated = !negated;
    n = unparen(arg);
  }
  return { key: tokenText(n), negated };
}

/** `0` / `1` / `true` / `false` conditions (do { } while (0), for (;;), #if 0). */
function constantTruth(cond: SyntaxNode): boolean | undefined {
  const n = conditionOf(cond);
  if (n.type === 'number_literal') return !/^0+[uUlL]*$/.test(n.text);
  if (n.type === 'true') return true;
  if (n.type === 'false') return false;
  return undefined;
}
