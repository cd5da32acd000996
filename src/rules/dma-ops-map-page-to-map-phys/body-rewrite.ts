/**
 * Rewrite the uses of the old `page` and `offset` parameters inside a
 * map_page body so that they are computed from `phys` (reference §2.5).
 *
 * Every rewrite is the substitution the 6.18 core made when it adapted
 * map_phys to a legacy map_page, `page := phys_to_page(phys)` and
 * `offset := offset_in_page(phys)`, followed by exact simplifications:
 *
 *   page_to_phys(page) + offset   →  phys
 *   page_to_phys(page)            →  phys - offset_in_page(phys)  (the page-aligned base stays aligned)
 *   page_address(page) + offset   →  phys_to_virt(phys)           (casts on page_address kept)
 *   page_to_pfn(page)             →  PHYS_PFN(phys)
 *   PageHighMem(page)             →  PhysHighMem(phys)            (its definition: PageHighMem(phys_to_page(p)))
 *   kmap_local_page(page)         →  kmap_local_pfn(PHYS_PFN(phys))
 *   kmap_atomic(page)             →  kmap_atomic_pfn(PHYS_PFN(phys))
 *   any other page                →  phys_to_page(phys)
 *   any other offset              →  offset_in_page(phys)
 *
 * A parameter that is assigned, incremented or has its address taken, or is
 * shadowed by a local, cannot be substituted: that is a refusal, with the line.
 */
import type { SyntaxNode } from '../../core/syntax.js';
import { callArguments, callName, unparen } from '../../engine/analyze/syntax.js';
import { rewriteCall } from '../../engine/edit/call-rewrite.js';
import type { EditSet } from './edit-set.js';

export interface BodyRefusal {
  readonly reason: 'param-modified' | 'param-shadowed' | 'body-macro';
  readonly node: SyntaxNode;
  readonly detail: string;
}

export interface LocalPhys {
  /** The init_declarator `v = page_to_phys(page) + offset`. */
  readonly declarator: SyntaxNode;
  readonly declaration: SyntaxNode;
  readonly name: string;
}

/** Simplifications applied, for the fix notes. */
export type BodyForm = 'phys' | 'aligned-base' | 'phys-to-virt' | 'phys-pfn' | 'phys-highmem' | 'kmap-pfn' | 'phys-to-page' | 'offset-in-page';

interface Replacement {
  readonly node: SyntaxNode;
  readonly text: (phys: string) => string;
  readonly form: BodyForm;
  /** Identifier uses of the parameters this replacement consumes. */
  readonly consumes: readonly SyntaxNode[];
}

export interface BodyPlan {
  readonly replacements: readonly Replacement[];
  /** A top-level `phys_addr_t v = page_to_phys(page) + offset;` that can become the parameter. */
  readonly local?: LocalPhys;
  readonly forms: ReadonlySet<BodyForm>;
}

const LOW_PRECEDENCE_PARENTS = new Set(['argument_list', 'init_declarator', 'return_statement', 'expression_statement', 'parenthesized_expression', 'comma_expression', 'initializer_list']);

export function planBody(fn: SyntaxNode, page: string, offset: string): BodyPlan | BodyRefusal {
  const body = fn.childForFieldName('body')!;
  for (const def of [...body.descendantsOfType('preproc_def'), ...body.descendantsOfType('preproc_function_def')]) {
    if (new RegExp(`\\b(?:${page}|${offset})\\b`).test(def.text)) {
      return { reason: 'body-macro', node: def, detail: `a #define inside the function names ${page} or ${offset}` };
    }
  }
  for (const decl of [...body.descendantsOfType('declaration'), ...body.descendantsOfType('parameter_declaration')]) {
    for (const id of decl.descendantsOfType('identifier')) {
      if ((id.text === page || id.text === offset) && isDeclaredName(id)) {
        return { reason: 'param-shadowed', node: id, detail: `a local named ${id.text} shadows the parameter` };
      }
    }
  }
  const uses = body.descendantsOfType('identifier').filter((id) => id.text === page || id.text === offset);
  for (const u of uses) {
    const modified = modification(u);
    if (modified) return { reason: 'param-modified', node: modified, detail: `${u.text} is ${modifiedHow(modified)}` };
  }
  const consumed = new Set<number>();
  const replacements: Replacement[] = [];
  const forms = new Set<BodyForm>();
  const add = (r: Replacement) => {
    replacements.push(r);
    forms.add(r.form);
    for (const c of r.consumes) consumed.add(c.id);
  };
  for (const u of uses.filter((x) => x.text === page)) {
    if (consumed.has(u.id)) continue;
    const call = callOfSoleArgument(u);
    const name = call ? callName(call) : undefined;
    if (call && name === 'page_to_phys') {
      const sum = sumWithOffset(call, offset);
      if (sum) add({ node: bareParens(sum.node, true), text: (p) => p, form: 'phys', consumes: [u, sum.offset] });
      else add({ node: call, text: (p) => (needsParens(call) ? `(${p} - offset_in_page(${p}))` : `${p} - offset_in_page(${p})`), form: 'aligned-base', consumes: [u] });
      continue;
    }
    if (call && name === 'page_address') {
      const cast = call.parent?.type === 'cast_expression' && call.parent.childForFieldName('value')?.id === call.id ? call.parent : undefined;
      const sum = sumWithOffset(cast ?? call, offset);
      if (sum) {
        // A byte-pointer cast there only for the `+ offset` arithmetic goes with it where a void * converts implicitly.
        const keepCast = cast && !(BYTE_POINTER.test(castType(cast)) && VOID_CONVERTS.has(contextOf(sum.node)));
        const prefix = cast && keepCast ? cast.text.slice(0, call.startIndex - cast.startIndex) : '';
        add({ node: bareParens(sum.node, !prefix), text: (p) => `${prefix}phys_to_virt(${p})`, form: 'phys-to-virt', consumes: [u, sum.offset] });
        continue;
      }
    }
    if (call && name === 'PageHighMem') {
      add({ node: call, text: (p) => `PhysHighMem(${p})`, form: 'phys-highmem', consumes: [u] });
      continue;
    }
    if (call && name === 'page_to_pfn') {
      add({ node: call, text: (p) => `PHYS_PFN(${p})`, form: 'phys-pfn', consumes: [u] });
      continue;
    }
    if (call && (name === 'kmap_local_page' || name === 'kmap_atomic')) {
      const pfnCall = name === 'kmap_atomic' ? 'kmap_atomic_pfn' : 'kmap_local_pfn';
      add({ node: call, text: (p) => `${pfnCall}(PHYS_PFN(${p}))`, form: 'kmap-pfn', consumes: [u] });
      continue;
    }
    add({ node: u, text: (p) => `phys_to_page(${p})`, form: 'phys-to-page', consumes: [u] });
  }
  for (const u of uses.filter((x) => x.text === offset)) {
    if (consumed.has(u.id)) continue;
    add({ node: u, text: (p) => `offset_in_page(${p})`, form: 'offset-in-page', consumes: [u] });
  }
  const local = findLocalPhys(body, replacements);
  return { replacements, forms, ...(local ? { local } : {}) };
}

/**
 * Apply the plan with the chosen parameter name; a local that became the
 * parameter is deleted by the caller. Replacements that are whole arguments
 * of one call go through rewriteCall, which re-wraps a call pushed past 100
 * columns.
 */
export function applyBodyPlan(text: string, plan: BodyPlan, phys: string, edits: EditSet, newline: string): void {
  const byCall = new Map<number, { call: SyntaxNode; items: { index: number; text: string }[] }>();
  const plain: { node: SyntaxNode; text: string }[] = [];
  for (const r of plan.replacements) {
    if (plan.local && r.node.parent?.id === plan.local.declarator.id) continue;
    const call = r.node.parent?.type === 'argument_list' ? r.node.parent.parent : undefined;
    const index = call?.type === 'call_expression' ? callArguments(call).findIndex((a) => a.id === r.node.id) : -1;
    if (call && index >= 0) {
      const entry = byCall.get(call.id) ?? { call, items: [] };
      entry.items.push({ index, text: r.text(phys) });
      byCall.set(call.id, entry);
    } else {
      plain.push({ node: r.node, text: r.text(phys) });
    }
  }
  for (const { call, items } of byCall.values()) {
    const list = call.childForFieldName('arguments')!;
    const own = new Set(items.map((it) => callArguments(call)[it.index]!.id));
    const nested = plan.replacements.some((r) => !own.has(r.node.id) && r.node.startIndex >= list.startIndex && r.node.endIndex <= list.endIndex);
    if (nested) {
      for (const it of items) plain.push({ node: callArguments(call)[it.index]!, text: it.text });
      continue;
    }
    const replace = items.sort((a, b) => a.index - b.index).map((it) => ({ from: it.index, to: it.index, text: it.text }));
    for (const e of rewriteCall(text, call, { replace }, newline)) edits.replace(e.range, e.text);
  }
  for (const p of plain) edits.replace({ start: p.node.startIndex, end: p.node.endIndex }, p.text);
}

/** `call` is `name(u)` with `u` its only argument. */
function callOfSoleArgument(u: SyntaxNode): SyntaxNode | undefined {
  let n = u;
  while (n.parent?.type === 'parenthesized_expression') n = n.parent;
  const list = n.parent;
  const call = list?.type === 'argument_list' ? list.parent : undefined;
  if (!call || call.type !== 'call_expression') return undefined;
  const args = callArguments(call);
  return args.length === 1 && unparen(args[0]!).id === u.id ? call : undefined;
}

/** `E + offset` or `offset + E` around `e` (through parentheses). */
function sumWithOffset(e: SyntaxNode, offset: string): { node: SyntaxNode; offset: SyntaxNode } | undefined {
  let n = e;
  while (n.parent?.type === 'parenthesized_expression') n = n.parent;
  const sum = n.parent;
  if (sum?.type !== 'binary_expression' || sum.childForFieldName('operator')?.type !== '+') return undefined;
  const left = sum.childForFieldName('left');
  const right = sum.childForFieldName('right');
  const other = left?.id === n.id ? right : right?.id === n.id ? left : undefined;
  const o = other ? unparen(other) : undefined;
  return o?.type === 'identifier' && o.text === offset ? { node: sum, offset: o } : undefined;
}

/** `char *`, `u8 *`, `void *` and the like: a cast to one of them only enabled byte arithmetic. */
const BYTE_POINTER = /^(?:const\s+)?(?:(?:unsigned|signed)\s+)?(?:char|u8|uint8_t|void)\s*\*$/;
/** Where a `void *` value converts to the needed pointer type by itself. */
const VOID_CONVERTS = new Set(['argument', 'initialiser', 'assigned', 'returned']);

function castType(cast: SyntaxNode): string {
  return (cast.childForFieldName('type')?.text ?? '').replace(/\s+/g, ' ').trim();
}

/** How the value of `node` (through parentheses) is used. */
function contextOf(node: SyntaxNode): string {
  let n = node;
  while (n.parent?.type === 'parenthesized_expression') n = n.parent;
  const p = n.parent;
  if (!p) return 'other';
  if (p.type === 'argument_list') return 'argument';
  if (p.type === 'init_declarator' && p.childForFieldName('value')?.id === n.id) return 'initialiser';
  if (p.type === 'assignment_expression' && p.childForFieldName('right')?.id === n.id && p.childForFieldName('operator')?.type === '=') return 'assigned';
  if (p.type === 'return_statement') return 'returned';
  return 'other';
}

/**
 * The node to replace: `node`, or the parentheses around it when the
 * replacement is a call or a name (which never need them) and the
 * parentheses are an operand, not the syntax of an `if` or `sizeof`.
 */
function bareParens(node: SyntaxNode, simple: boolean): SyntaxNode {
  const p = node.parent;
  if (!simple || p?.type !== 'parenthesized_expression' || p.namedChildCount !== 1) return node;
  const gp = p.parent;
  if (gp?.type === 'cast_expression' && gp.childForFieldName('value')?.id === p.id) return p;
  if (gp?.type === 'argument_list' || gp?.type === 'return_statement') return p;
  if (gp?.type === 'init_declarator' && gp.childForFieldName('value')?.id === p.id) return p;
  if (gp?.type === 'assignment_expression' && gp.childForFieldName('right')?.id === p.id) return p;
  return node;
}

function needsParens(node: SyntaxNode): boolean {
  const parent = node.parent;
  if (!parent || LOW_PRECEDENCE_PARENTS.has(parent.type)) return false;
  if (parent.type === 'assignment_expression' && parent.childForFieldName('right')?.id === node.id) return false;
  return true;
}

function isDeclaredName(id: SyntaxNode): boolean {
  let child = id;
  for (let p = id.parent; p; child = p, p = p.parent) {
    if (p.type === 'pointer_declarator' || p.type === 'array_declarator' || p.type === 'parenthesized_declarator') {
      if (p.childForFieldName('declarator')?.id !== child.id) return false;
      continue;
    }
    if (p.type === 'init_declarator') return p.childForFieldName('declarator')?.id === child.id;
    if (p.type === 'declaration' || p.type === 'parameter_declaration') return p.childrenForFieldName('declarator').some((d) => d.id === child.id);
    return false;
  }
  return false;
}

/** The node that assigns, increments or takes the address of `u`, if any. */
function modification(u: SyntaxNode): SyntaxNode | undefined {
  let n = u;
  while (n.parent?.type === 'parenthesized_expression') n = n.parent;
  const p = n.parent;
  if (!p) return undefined;
  if (p.type === 'assignment_expression' && p.childForFieldName('left')?.id === n.id) return p;
  if (p.type === 'update_expression') return p;
  if (p.type === 'pointer_expression' && p.child(0)?.type === '&') return p;
  return undefined;
}

function modifiedHow(node: SyntaxNode): string {
  if (node.type === 'pointer_expression') return 'passed by address, so it may change';
  return 'modified in the body, so it is not the value the caller passed';
}

/**
 * `phys_addr_t v = page_to_phys(page) + offset;` at the top of the body: the
 * parameter can take the name `v` and the local goes (what the upstream x86
 * and xen-swiotlb conversions did with `paddr` and `phys`). A parameter is a
 * local initialised by the caller, so `v` may still be assigned later (xen
 * swiotlb's `phys = map;`) when the local's initialiser is the only use of
 * page and offset (another would be rewritten to read `v`); what must hold is that nothing before the
 * declaration names `v` (it would be another object) and that no label
 * precedes it (a jump back would re-run the initialiser).
 */
function findLocalPhys(body: SyntaxNode, replacements: readonly Replacement[]): LocalPhys | undefined {
  const found: LocalPhys[] = [];
  for (const r of replacements) {
    if (r.form !== 'phys') continue;
    const decl = r.node.parent;
    if (decl?.type !== 'init_declarator' || decl.childForFieldName('value')?.id !== r.node.id) continue;
    const name = decl.childForFieldName('declarator');
    const declaration = decl.parent;
    if (name?.type !== 'identifier' || declaration?.type !== 'declaration' || declaration.parent?.id !== body.id) continue;
    if (declaration.childForFieldName('type')?.text !== 'phys_addr_t' || declaration.namedChildren.some((c) => c.type === 'type_qualifier' || c.type === 'storage_class_specifier')) continue;
    const uses = body.descendantsOfType('identifier').filter((id) => id.text === name.text);
    if (uses.filter((id) => isDeclaredName(id)).length !== 1) continue;
    if (uses.some((id) => id.startIndex < name.startIndex)) continue;
    if (body.descendantsOfType('labeled_statement').some((l) => l.startIndex < declaration.startIndex)) continue;
    // Assigned later: every other use of page/offset would be rewritten to read `v`, which may no longer hold it.
    if (uses.some((id) => modification(id)) && replacements.length > 1) continue;
    found.push({ declarator: decl, declaration, name: name.text });
  }
  return found.length === 1 ? found[0] : undefined;
}
