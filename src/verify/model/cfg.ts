/**
 * A control-flow graph of one function body, built from the syntax tree:
 * if/else, loops, switch with fall-through, goto and labels, break,
 * continue, return, #if branches, and && / || conditions whose right side
 * calls a modelled API. Statements that contain no modelled call and no
 * jump are kept whole (one node): the model compares them as a block
 * instead of enumerating their branches.
 */
import { tokenText, type AstNode } from './ast.js';

export type CfgNode =
  | { readonly kind: 'stmt'; readonly node: AstNode; next: number; readonly opaque: boolean }
  | {
      readonly kind: 'branch';
      readonly cond: AstNode | null;
      then: number;
      else: number;
      readonly loop: boolean;
      readonly line: number;
      /** For a loop: the variables it assigns, which lose their value when the loop bound cuts it short. */
      readonly assigned?: readonly string[];
    }
  | { readonly kind: 'pp-branch'; readonly label: string; then: number; else: number; readonly line: number }
  | { readonly kind: 'switch'; readonly value: AstNode; readonly cases: { readonly value: AstNode | null; readonly target: number }[] }
  | { readonly kind: 'return'; readonly node: AstNode; readonly value: AstNode | null }
  | { readonly kind: 'nop'; next: number; readonly line: number; readonly label?: boolean }
  | { readonly kind: 'exit' }
  | { readonly kind: 'stop'; readonly why: string; readonly line: number };

export interface Cfg {
  readonly nodes: CfgNode[];
  readonly entry: number;
}

export function lineOf(node: AstNode): number {
  return node.row + 1;
}

function unparen(n: AstNode): AstNode {
  let x = n;
  while (x.type === 'parenthesized_expression' && x.namedChildCount === 1) x = x.namedChildren[0]!;
  return x;
}

const JUMPS = new Set(['return_statement', 'goto_statement', 'labeled_statement']);
const LOOPS = new Set(['for_statement', 'while_statement', 'do_statement']);

/**
 * An iterator macro tree-sitter reads as a call missing its `;` followed by
 * a block (`for_each_sg(sgl, sg, n, i) { ... }`): the call, when `stmt` is
 * such a head and `body` the block.
 */
function iteratorHead(stmt: AstNode, body: AstNode): AstNode | undefined {
  if (stmt.type !== 'expression_statement' || body.type !== 'compound_statement') return undefined;
  const last = stmt.child(stmt.childCount - 1);
  if (!last || last.type !== ';' || !last.isMissing) return undefined;
  const call = stmt.namedChildren[0];
  const fn = call?.type === 'call_expression' ? call.childForFieldName('function') : undefined;
  return fn?.type === 'identifier' && /for_each|foreach/.test(fn.text) ? call! : undefined;
}

/** The token texts of the compound statements of a function body (see CfgBuilder's `changed`). */
export function compoundStatementTokens(fn: AstNode): Set<string> {
  const out = new Set<string>();
  const body = fn.childForFieldName('body');
  if (!body) return out;
  for (const type of OPENABLE) for (const n of body.descendantsOfType(type)) out.add(tokenText(n));
  return out;
}

/**
 * A `for` the normaliser made from an iterator macro (`list_for_each_entry(pos,
 * head, member) {` parsed as `for (pos; head; member) {`): node text reads
 * the original, so its text starts with the macro's name, not `for`.
 */
function iteratorMacroLoop(s: AstNode): boolean {
  const text = s.text;
  return !text.startsWith('for') || /\w/.test(text.charAt(3));
}

/** Names assigned (=, op=, ++, --, declared) anywhere in `n`. */
function assignedIn(n: AstNode): string[] {
  const out = new Set<string>();
  for (const a of n.descendantsOfType('assignment_expression')) {
    const l = a.childForFieldName('left');
    if (l?.type === 'identifier') out.add(l.text);
  }
  for (const u of n.descendantsOfType('update_expression')) {
    const arg = u.childForFieldName('argument');
    if (arg?.type === 'identifier') out.add(arg.text);
  }
  for (const d of n.descendantsOfType('init_declarator')) {
    let x = d.childForFieldName('declarator');
    while (x && x.type !== 'identifier') x = x.childForFieldName('declarator');
    if (x) out.add(x.text);
  }
  return [...out];
}

/** Compound statements the builder can open into branches and loops. */
const OPENABLE = new Set(['if_statement', 'while_statement', 'do_statement', 'for_statement', 'switch_statement', 'function_definition']);

export class CfgBuilder {
  private readonly nodes: CfgNode[] = [{ kind: 'exit' }];
  private readonly labels = new Map<string, number>();

  /**
   * `relevant(name)`: does a call to `name` need its own node (a modelled API)?
   * `changed(stmt)`: did the rewrite change this statement (its tokens are not
   * a statement of the other version)? A changed compound statement is
   * opened, so the values it computes are compared, not its text.
   */
  constructor(
    private readonly relevant: (name: string) => boolean,
    private readonly changed: (stmt: AstNode) => boolean = () => false,
  ) {}

  build(body: AstNode): Cfg {
    for (const l of body.descendantsOfType('labeled_statement')) {
      const name = l.childForFieldName('label')?.text;
      if (name && !this.labels.has(name)) this.labels.set(name, this.add({ kind: 'nop', next: 0, line: lineOf(l), label: true }));
    }
    const entry = this.stmt(body, 0, undefined, undefined);
    return { nodes: this.nodes, entry };
  }

  private add(n: CfgNode): number {
    this.nodes.push(n);
    return this.nodes.length - 1;
  }

  /** Does the subtree call a modelled API, or jump out of itself? */
  private needsOpening(node: AstNode): boolean {
    if (OPENABLE.has(node.type) && this.changed(node)) return true;
    let found = false;
    const visit = (n: AstNode, loopDepth: number, switchDepth: number) => {
      if (found) return;
      if (JUMPS.has(n.type)) found = true;
      else if (n.type === 'break_statement' && loopDepth === 0 && switchDepth === 0) found = true;
      else if (n.type === 'continue_statement' && loopDepth === 0) found = true;
      else if (n.type === 'call_expression') {
        const fn = n.childForFieldName('function');
        if (fn?.type === 'identifier' && this.relevant(fn.text)) found = true;
      }
      const inLoop = LOOPS.has(n.type) ? 1 : 0;
      const inSwitch = n.type === 'switch_statement' ? 1 : 0;
      for (const c of n.namedChildren) visit(c, loopDepth + inLoop, switchDepth + inSwitch);
    };
    visit(node, 0, 0);
    return found;
  }

  private seq(stmts: readonly AstNode[], next: number, brk: number | undefined, cont: number | undefined): number {
    let entry = next;
    for (let i = stmts.length - 1; i >= 0; i--) {
      const s = stmts[i]!;
      const prev = i > 0 ? stmts[i - 1]! : undefined;
      const labelled = prev?.type === 'labeled_statement' ? prev.namedChildren.filter((c) => c.type !== 'statement_identifier' && c.type !== 'comment') : [];
      const head = prev ? iteratorHead(labelled.length === 1 ? labelled[0]! : prev, s) : undefined;
      if (head) {
        entry = this.iteratorLoop(head, s, entry, cont);
        const label = labelled.length === 1 ? prev!.childForFieldName('label')?.text : undefined;
        const id = label ? this.labels.get(label) : undefined;
        const n = id !== undefined ? this.nodes[id] : undefined;
        if (n?.kind === 'nop') {
          n.next = entry;
          entry = id!;
        }
        i--;
      } else entry = this.stmt(s, entry, brk, cont);
    }
    return entry;
  }

  /**
   * `list_for_each_entry(pos, head, member) { body }`: a loop whose condition
   * is the macro call (or, read as a nested definition, its declarator).
   */
  private iteratorLoop(head: AstNode, body: AstNode, next: number, _cont: number | undefined): number {
    const b = this.add({ kind: 'branch', cond: null, then: 0, else: next, loop: true, line: lineOf(head) });
    const bodyEntry = this.stmt(body, b, next, b);
    // The macro assigns its cursor arguments (plain names; in a declarator, every name it holds).
    const cursorArgs = head.type === 'call_expression'
      ? (head.childForFieldName('arguments')?.namedChildren ?? []).filter((a) => a.type === 'identifier').map((a) => a.text)
      : [...head.descendantsOfType('identifier'), ...head.descendantsOfType('type_identifier')].map((a) => a.text);
    this.nodes[b] = { kind: 'branch', cond: head, then: bodyEntry, else: next, loop: true, line: lineOf(head), assigned: [...new Set([...assignedIn(body), ...cursorArgs])] };
    return b;
  }

  private stmt(s: AstNode, next: number, brk: number | undefined, cont: number | undefined): number {
    switch (s.type) {
      case 'compound_statement':
        return this.seq(s.namedChildren, next, brk, cont);
      case 'comment':
      case ';':
        return next;
      case 'expression_statement':
        if (s.namedChildCount === 0) return next;
        return this.add({ kind: 'stmt', node: s, next, opaque: false });
      case 'declaration':
        return this.add({ kind: 'stmt', node: s, next, opaque: false });
      case 'attributed_statement': {
        const inner = s.namedChildren.filter((c) => c.type !== 'attribute_declaration');
        return this.seq(inner, next, brk, cont);
      }
      case 'return_statement':
        return this.add({ kind: 'return', node: s, value: s.namedChildren.find((c) => c.type !== 'comment') ?? null });
      case 'goto_statement': {
        const label = s.childForFieldName('label')?.text;
        const target = label ? this.labels.get(label) : undefined;
        return target ?? this.add({ kind: 'stop', why: `goto to an unknown label ${label ?? ''}`, line: lineOf(s) });
      }
      case 'labeled_statement': {
        const label = s.childForFieldName('label')?.text;
        const id = label ? this.labels.get(label) : undefined;
        const inner = s.namedChildren.filter((c) => c.type !== 'statement_identifier' && c.type !== 'comment');
        const entry = this.seq(inner, next, brk, cont);
        if (id === undefined) return entry;
        const n = this.nodes[id]!;
        if (n.kind === 'nop') n.next = entry;
        return id;
      }
      case 'break_statement':
        return brk ?? this.add({ kind: 'stop', why: 'break outside a loop or switch', line: lineOf(s) });
      case 'continue_statement':
        return cont ?? this.add({ kind: 'stop', why: 'continue outside a loop', line: lineOf(s) });
      default:
        break;
    }
    if (!this.needsOpening(s)) return this.add({ kind: 'stmt', node: s, next, opaque: true });
    switch (s.type) {
      case 'if_statement': {
        const cons = s.childForFieldName('consequence');
        const alt = s.childForFieldName('alternative');
        const thenEntry = cons ? this.stmt(cons, next, brk, cont) : next;
        const altStmts = alt ? alt.namedChildren.filter((c) => c.type !== 'comment') : [];
        const elseEntry = alt ? this.seq(altStmts, next, brk, cont) : next;
        return this.condition(s.childForFieldName('condition')!, thenEntry, elseEntry, undefined);
      }
      case 'while_statement': {
        const b = this.add({ kind: 'branch', cond: null, then: 0, else: next, loop: true, line: lineOf(s) });
        const bodyEntry = this.stmt(s.childForFieldName('body')!, b, next, b);
        this.replaceLoopBranch(b, s.childForFieldName('condition')!, bodyEntry, next, assignedIn(s));
        return b;
      }
      case 'do_statement': {
        const b = this.add({ kind: 'branch', cond: null, then: 0, else: next, loop: true, line: lineOf(s) });
        const bodyEntry = this.stmt(s.childForFieldName('body')!, b, next, b);
        this.replaceLoopBranch(b, s.childForFieldName('condition')!, bodyEntry, next, assignedIn(s));
        return bodyEntry;
      }
      case 'for_statement': {
        const b = this.add({ kind: 'branch', cond: null, then: 0, else: next, loop: true, line: lineOf(s) });
        const update = s.childForFieldName('update');
        const updEntry = update ? this.add({ kind: 'stmt', node: update, next: b, opaque: false }) : b;
        const bodyEntry = this.stmt(s.childForFieldName('body')!, updEntry, next, updEntry);
        const cond = s.childForFieldName('condition');
        // An iterator macro read as `for (pos; head; member)` advances its cursor `pos` every iteration.
        const cursor = iteratorMacroLoop(s) ? (s.childForFieldName('initializer')?.descendantsOfType('identifier') ?? []).map((i) => i.text) : [];
        if (cond) this.replaceLoopBranch(b, cond, bodyEntry, next, [...new Set([...assignedIn(s), ...cursor])]);
        else this.nodes[b] = { kind: 'branch', cond: null, then: bodyEntry, else: -1, loop: true, line: lineOf(s) };
        const init = s.childForFieldName('initializer');
        return init ? this.add({ kind: 'stmt', node: init, next: b, opaque: false }) : b;
      }
      case 'switch_statement': {
        const body = s.childForFieldName('body');
        const cases = (body?.namedChildren ?? []).filter((c) => c.type === 'case_statement');
        const entries: { value: AstNode | null; target: number }[] = [];
        let after = next;
        for (let i = cases.length - 1; i >= 0; i--) {
          const c = cases[i]!;
          const value = c.childForFieldName('value');
          const stmts = c.namedChildren.filter((x) => x.id !== value?.id && x.type !== 'comment');
          after = this.seq(stmts, after, next, cont);
          entries.unshift({ value: value ?? null, target: after });
        }
        if (!entries.some((e) => e.value === null)) entries.push({ value: null, target: next });
        return this.add({ kind: 'switch', value: s.childForFieldName('condition')!, cases: entries });
      }
      case 'preproc_if':
      case 'preproc_ifdef':
      case 'preproc_elif':
      case 'preproc_elifdef':
      case 'preproc_else':
        return this.preproc(s, next, brk, cont);
      case 'function_definition': {
        // C has no nested functions: an iterator macro whose block starts with a
        // declaration, which tree-sitter reads as an old-style definition
        // (`page_chain_for_each(page) { u32 *p = ...; }`: the macro name as
        // the type, `(page)` as the declarator). A loop, as in
        // src/engine/analyze/flow/cfg.ts.
        const header = s.childForFieldName('declarator');
        const body = s.childForFieldName('body');
        if (header && body) return this.iteratorLoop(header, body, next, cont);
        return this.add({ kind: 'stop', why: `unsupported statement (${s.type})`, line: lineOf(s) });
      }
      default:
        return this.add({ kind: 'stop', why: `unsupported statement (${s.type})`, line: lineOf(s) });
    }
  }

  private replaceLoopBranch(id: number, cond: AstNode, body: number, exit: number, assigned: readonly string[]): void {
    const entry = this.condition(cond, body, exit, assigned);
    // Loops re-enter through the branch node id: make it a pass-through to the condition.
    this.nodes[id] = entry === id ? this.nodes[id]! : { kind: 'nop', next: entry, line: lineOf(cond) };
  }

  /** A condition, lowered into nested branches when && / || guard a modelled call. */
  private condition(cond: AstNode, t: number, f: number, loop: readonly string[] | undefined): number {
    const c = unparen(cond);
    if (c.type === 'binary_expression') {
      const op = c.childForFieldName('operator')?.type;
      const right = c.childForFieldName('right');
      const left = c.childForFieldName('left');
      if ((op === '&&' || op === '||') && left && right && this.needsOpening(right)) {
        const r = this.condition(right, t, f, loop);
        return op === '&&' ? this.condition(left, r, f, loop) : this.condition(left, t, r, loop);
      }
    }
    return this.add({ kind: 'branch', cond: c, then: t, else: f, loop: loop !== undefined, line: lineOf(c), ...(loop ? { assigned: loop } : {}) });
  }

  private preproc(s: AstNode, next: number, brk: number | undefined, cont: number | undefined): number {
    const alt = s.childForFieldName('alternative');
    const cond = s.childForFieldName('condition') ?? s.childForFieldName('name');
    const stmts = s.namedChildren.filter((c) => c.id !== alt?.id && c.id !== cond?.id && c.type !== 'comment');
    const thenEntry = this.seq(stmts, next, brk, cont);
    if (s.type === 'preproc_else') return thenEntry;
    const elseEntry = alt ? this.preproc(alt, next, brk, cont) : next;
    const head = s.child(0)?.text ?? '#if';
    return this.add({ kind: 'pp-branch', label: `${head} ${cond?.text ?? ''}`, then: thenEntry, else: elseEntry, line: lineOf(s) });
  }
}
