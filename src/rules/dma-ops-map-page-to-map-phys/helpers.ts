/**
 * Internal helpers of the providers (sparc's `__sbus_iommu_map_page()`):
 * which ones take the physical address with the providers, their
 * conversion, and the callees left on the page form (a to-do).
 */
import type { SyntaxNode } from '../../core/syntax.js';
import { callArguments } from '../../engine/analyze/syntax.js';
import { rewriteCall } from '../../engine/edit/call-rewrite.js';
import { physExpression } from '../_dma/phys-expression.js';
import { applyBodyPlan, planBody, type BodyPlan } from './body-rewrite.js';
import type { EditSet } from './edit-set.js';
import { deleteDeclarator } from './mmio.js';
import { OFFSET_TYPES, choosePhysName, inString, isStatic, parametersOf, referencesTo, renamedProvider, type Parameter } from './provider-functions.js';
import { rewriteKernelDoc } from './renames.js';
import { rewriteMapSignature } from './signature.js';

/**
 * An internal helper the providers call with their own `(page, offset)`,
 * such as sparc's `__sbus_iommu_map_page()`: converted with them, so that the
 * physical address goes through instead of being rebuilt as
 * `phys_to_page(phys), offset_in_page(phys)` (what upstream did).
 */
export interface PhysHelper {
  readonly name: string;
  readonly newName: string;
  readonly fn: SyntaxNode;
  /** Index of the page parameter (the offset follows it). */
  readonly at: number;
  readonly params: Parameter[];
  readonly list: SyntaxNode;
  readonly plan: BodyPlan;
  readonly phys: string;
}

/**
 * The helpers that can take the physical address: defined once in this
 * file, static, named `*map_page*` (renamed `*map_phys*`, as upstream did,
 * so old and new never share a name), taking `struct page *` and an offset
 * side by side that a provider passes unchanged, with a body the same
 * substitution rewrites, and used only by direct calls. Any other helper
 * keeps its page form.
 */
export function findPhysHelpers(text: string, root: SyntaxNode, defs: ReadonlyMap<string, SyntaxNode[]>, bodyPlans: ReadonlyMap<string, { plan: BodyPlan; params: Parameter[] }>, providers: ReadonlySet<string>): Map<string, PhysHelper> {
  const out = new Map<string, PhysHelper>();
  const rejected = new Set<string>();
  for (const { plan, params } of bodyPlans.values()) {
    const page = params[1]!.name!;
    const offset = params[2]!.name!;
    for (const r of plan.replacements) {
      if (r.form !== 'phys-to-page' || r.node.parent?.type !== 'argument_list') continue;
      const call = r.node.parent.parent!;
      const callee = call.childForFieldName('function');
      const args = callArguments(call);
      const at = args.findIndex((a) => a.id === r.node.id);
      if (callee?.type !== 'identifier' || args[at + 1]?.type !== 'identifier' || args[at + 1]!.text !== offset || r.node.text !== page) continue;
      const name = callee.text;
      const list = call.childForFieldName('arguments')!;
      const inside = plan.replacements.filter((x) => x.node.startIndex >= list.startIndex && x.node.endIndex <= list.endIndex);
      if (inside.length !== 2) rejected.add(name); // other rewrites inside the same call: keep the page form
      if (out.has(name) || rejected.has(name)) continue;
      const helper = physHelper(text, root, name, at, defs, providers);
      if (helper) out.set(name, helper);
      else rejected.add(name);
    }
  }
  return out;
}

function physHelper(text: string, root: SyntaxNode, name: string, at: number, defs: ReadonlyMap<string, SyntaxNode[]>, providers: ReadonlySet<string>): PhysHelper | undefined {
  const found = defs.get(name) ?? [];
  const fn = found[0];
  const newName = renamedProvider(name);
  if (found.length !== 1 || !fn || providers.has(name) || newName === name || fn.hasError || !isStatic(fn)) return undefined;
  const sig = parametersOf(fn);
  const params = sig?.params ?? [];
  if (!sig || params[at]?.type !== 'struct page *' || !OFFSET_TYPES.has(params[at + 1]?.type ?? '') || params.some((x) => x.name === undefined)) return undefined;
  if (new RegExp(`\\b${newName}\\b`).test(text)) return undefined;
  const refs = referencesTo(root, name);
  if (refs.some((r) => r.kind === 'other' || r.kind === 'ops-field' || (r.kind === 'call' && callArguments(r.owner!).length !== params.length))) return undefined;
  const covered = new Set(refs.map((r) => r.node.startIndex));
  for (const m of text.matchAll(new RegExp(`\\b${name}\\b`, 'g'))) {
    const node = root.descendantForIndex(m.index, m.index + name.length);
    if (!covered.has(m.index) && node.type !== 'comment' && !inString(node)) return undefined;
  }
  const plan = planBody(fn, params[at]!.name!, params[at + 1]!.name!);
  if ('reason' in plan) return undefined;
  return { name, newName, fn, at, params, list: sig.list, plan, phys: plan.local?.name ?? choosePhysName(fn) };
}

/** Callees a provider still hands `phys_to_page(phys), offset_in_page(phys)` (its page and offset side by side). */
export function pageHelpersLeft(entry: { plan: BodyPlan; params: Parameter[] }, helpers: ReadonlyMap<string, PhysHelper>): string[] {
  const out = new Set<string>();
  for (const r of entry.plan.replacements) {
    if (r.form !== 'phys-to-page' || r.node.parent?.type !== 'argument_list') continue;
    const call = r.node.parent.parent!;
    const callee = call.childForFieldName('function');
    const args = callArguments(call);
    const at = args.findIndex((a) => a.id === r.node.id);
    if (callee?.type === 'identifier' && !helpers.has(callee.text) && args[at + 1]?.text === entry.params[2]!.name) out.add(callee.text);
  }
  return [...out];
}

/** A provider's body plan without the replacements of the page and offset it hands to a converted helper. */
export function withoutHelperArguments(plan: BodyPlan, helpers: ReadonlyMap<string, PhysHelper>): BodyPlan {
  const handed = (r: BodyPlan['replacements'][number]) => {
    const call = r.node.parent?.type === 'argument_list' ? r.node.parent.parent : undefined;
    const callee = call?.childForFieldName('function');
    const h = callee?.type === 'identifier' ? helpers.get(callee.text) : undefined;
    if (!h || !call) return false;
    const i = callArguments(call).findIndex((a) => a.id === r.node.id);
    return i === h.at || i === h.at + 1;
  };
  return { ...plan, replacements: plan.replacements.filter((r) => !handed(r)) };
}

/** Convert a helper: its signature, body, kernel-doc, prototypes and every call. */
export function convertHelper(text: string, root: SyntaxNode, h: PhysHelper, bodyPlans: ReadonlyMap<string, { plan: BodyPlan; params: Parameter[]; phys: string }>, edits: EditSet, newline: string): void {
  const body = h.fn.childForFieldName('body')!;
  rewriteMapSignature(text, h.list, h.params, h.phys, edits, newline, h.at);
  applyBodyPlan(text, h.plan, h.phys, edits, newline);
  if (h.plan.local) deleteDeclarator(text, body, h.plan.local.declaration, h.plan.local.declarator, edits);
  rewriteKernelDoc(text, h.fn, h.params[h.at]!.name!, h.params[h.at + 1]!.name!, h.phys, edits, newline);
  for (const ref of referencesTo(root, h.name)) {
    if (ref.kind === 'prototype') {
      const proto = parametersOf(ref.owner!);
      if (proto && proto.params.length === h.params.length) rewriteMapSignature(text, proto.list, proto.params, proto.params[h.at]!.name === undefined ? undefined : h.phys, edits, newline, h.at);
    }
    if (ref.kind !== 'call') continue;
    const args = callArguments(ref.owner!);
    // A provider handing over its own page and offset passes its phys.
    const provider = [...bodyPlans.values()].find(({ plan, params }) => plan.replacements.some((r) => r.node.id === args[h.at]!.id) && args[h.at]!.text === params[1]!.name && args[h.at + 1]!.text === params[2]!.name);
    const expr = provider ? provider.phys : physExpression(args[h.at]!, args[h.at + 1]!).text;
    for (const e of rewriteCall(text, ref.owner!, { callee: h.newName, replace: [{ from: h.at, to: h.at + 1, text: expr }] }, newline)) edits.replace(e.range, e.text);
  }
}

