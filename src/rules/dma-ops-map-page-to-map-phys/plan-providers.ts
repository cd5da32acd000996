/**
 * Plan the conversion of every struct dma_map_ops provider in one file: the
 * functions the ops initialisers name, their signatures and bodies, their
 * callers, prototypes and comments, the ops fields, and MMIO handling. The
 * result is one list of edits, or the refusals (each with its node and a
 * reason) that keep the file unchanged.
 */
import type { RuleMatch } from '../../core/rule.js';
import type { SyntaxNode } from '../../core/syntax.js';
import type { TextEdit } from '../../core/types.js';
import { callArguments } from '../../engine/analyze/syntax.js';
import { rewriteCall } from '../../engine/edit/call-rewrite.js';
import { physExpression } from '../dma-map-page-to-phys/phys-expression.js';
import { applyBodyPlan, planBody, type BodyForm, type BodyPlan } from './body-rewrite.js';
import { EditSet } from './edit-set.js';
import { actingDeclarationCall, deleteDeclarator, deleteOpsFields, insertAtBodyStart } from './mmio.js';
import {
  fieldNameOf,
  functionDefinitions,
  isStatic,
  parametersOf,
  referencesTo,
  renamedProvider,
  type Parameter,
} from './provider-functions.js';
import { renameInComments, rewriteKernelDoc } from './renames.js';
import { rewriteMapSignature } from './signature.js';

export type RefusalReason =
  | 'provider-elsewhere'
  | 'provider-not-a-name'
  | 'provider-ambiguous'
  | 'unexpected-signature'
  | 'external-linkage'
  | 'function-parse-error'
  | 'param-modified'
  | 'param-shadowed'
  | 'body-macro'
  | 'provider-referenced'
  | 'unexpected-caller-arguments'
  | 'name-collision'
  | 'name-in-macro'
  | 'mmio-fold-mismatch'
  | 'resource-without-page'
  | 'mmio-check-placement';

export interface Refusal {
  readonly reason: RefusalReason;
  /** Where the problem is (its line is reported). */
  readonly node: SyntaxNode | { readonly startIndex: number; readonly endIndex: number };
  readonly detail: string;
}

export interface OpsSite {
  readonly match: RuleMatch;
  readonly field: string;
  readonly pair: SyntaxNode;
  readonly value: SyntaxNode;
  readonly ops: SyntaxNode;
}

export interface ProvidersPlan {
  readonly edits: TextEdit[];
  readonly notes: string[];
  /** Per site (by index), a refusal; empty when the plan converts. */
  readonly refusals: Map<number, Refusal>;
  /** Per site, a short description of what happened to it (for the message). */
  readonly summaries: Map<number, string>;
  /** Per site, what the author should still look at (a helper left on the page form). */
  readonly todos: Map<number, string[]>;
}

const OFFSET_TYPES = new Set(['unsigned long', 'unsigned long int', 'size_t']);

interface MapProvider {
  readonly name: string;
  readonly fn: SyntaxNode;
  readonly sites: number[];
  resource?: { name: string; fn: SyntaxNode; site: number } | null;
}

export function planProviders(text: string, root: SyntaxNode, matches: readonly RuleMatch[], newline: string): ProvidersPlan {
  const sites: OpsSite[] = matches.map((m) => ({ match: m, field: m.api.text, pair: m.api.parent!.parent!, value: m.get('value')!, ops: m.get('ops')! }));
  const refusals = new Map<number, Refusal>();
  const summaries = new Map<number, string>();
  const refuse = (indices: readonly number[], r: Refusal) => {
    for (const i of indices) if (!refusals.has(i)) refusals.set(i, r);
  };
  const defs = functionDefinitions(root);
  const resolve = (i: number): SyntaxNode | undefined => {
    const v = sites[i]!.value;
    if (v.type !== 'identifier') {
      refuse([i], { reason: 'provider-not-a-name', node: v, detail: `.${sites[i]!.field} is initialised with \`${v.text}\`, not a function name` });
      return undefined;
    }
    const found = defs.get(v.text) ?? [];
    if (found.length === 0) {
      refuse([i], { reason: 'provider-elsewhere', node: v, detail: `${v.text}() is not defined in this file; convert it where it is defined` });
      return undefined;
    }
    if (found.length > 1) {
      refuse([i], { reason: 'provider-ambiguous', node: found[1]!, detail: `${v.text}() has ${found.length} definitions (#if variants)` });
      return undefined;
    }
    return found[0];
  };

  // Group the sites by ops object and by provider function.
  const byOps = new Map<number, number[]>();
  sites.forEach((s, i) => {
    const list = byOps.get(s.ops.id) ?? [];
    list.push(i);
    byOps.set(s.ops.id, list);
  });
  const mapProviders = new Map<string, MapProvider>();
  const unmapProviders = new Map<string, MapProvider>();
  const resourceSites: number[] = [];
  for (const indices of byOps.values()) {
    const of = (field: string) => indices.find((i) => sites[i]!.field === field);
    const resolved = new Map<string, { i: number; fn: SyntaxNode }>();
    for (const i of indices) {
      const fn = resolve(i);
      if (fn) resolved.set(sites[i]!.field, { i, fn });
    }
    for (const [field, resField, table] of [
      ['map_page', 'map_resource', mapProviders],
      ['unmap_page', 'unmap_resource', unmapProviders],
    ] as const) {
      const pageSite = of(field);
      const resSite = of(resField);
      if (resSite !== undefined) resourceSites.push(resSite);
      if (pageSite === undefined) {
        if (resSite !== undefined) {
          refuse([resSite], { reason: 'resource-without-page', node: sites[resSite]!.pair, detail: `the ops have .${resField} but no .${field} to fold it into` });
        }
        continue;
      }
      const page = resolved.get(field);
      if (!page) {
        if (resSite !== undefined) refuse([resSite], refusalOf(refusals, pageSite));
        continue;
      }
      const res = resSite === undefined ? null : resolved.get(resField) ? { name: sites[resSite]!.value.text, fn: resolved.get(resField)!.fn, site: resSite } : undefined;
      if (res === undefined) {
        refuse([pageSite], refusalOf(refusals, resSite!));
        continue;
      }
      const name = sites[pageSite]!.value.text;
      const existing = table.get(name);
      if (existing) {
        existing.sites.push(pageSite);
        if ((existing.resource?.name ?? null) !== (res?.name ?? null)) {
          refuse([...existing.sites, ...(res ? [res.site] : [])], {
            reason: 'mmio-fold-mismatch',
            node: sites[pageSite]!.pair,
            detail: `${name}() serves ops with different .${resField} callbacks, so one MMIO behaviour cannot fit all`,
          });
        }
      } else {
        table.set(name, { name, fn: page.fn, sites: [pageSite], resource: res });
      }
    }
  }
  const sitesNaming = (name: string) => sites.flatMap((s, i) => (s.value.text === name ? [i] : []));

  // Validate the functions.
  const bodyPlans = new Map<string, { plan: BodyPlan; params: Parameter[]; list: SyntaxNode; phys: string }>();
  for (const p of mapProviders.values()) {
    const fail = (r: Refusal) => refuse(sitesNaming(p.name), r);
    const sig = parametersOf(p.fn);
    const params = sig?.params ?? [];
    if (p.fn.hasError) {
      fail({ reason: 'function-parse-error', node: p.fn, detail: `tree-sitter could not parse all of ${p.name}()` });
      continue;
    }
    if (!sig || params.length !== 6 || params[1]!.type !== 'struct page *' || !OFFSET_TYPES.has(params[2]!.type) || params.some((x) => x.name === undefined)) {
      fail({ reason: 'unexpected-signature', node: sig?.list ?? p.fn, detail: `${p.name}() does not take (dev, struct page *, unsigned long offset, size, dir, attrs)` });
      continue;
    }
    if (!isStatic(p.fn)) {
      fail({ reason: 'external-linkage', node: p.fn, detail: `${p.name}() is not static: callers in other files would need the new signature` });
      continue;
    }
    const plan = planBody(p.fn, params[1]!.name!, params[2]!.name!);
    if ('reason' in plan) {
      fail({ reason: plan.reason, node: plan.node, detail: plan.detail });
      continue;
    }
    const acting = actingDeclarationCall(p.fn.childForFieldName('body')!);
    if (acting && !alwaysFails(p.fn.childForFieldName('body')!)) {
      fail({ reason: 'mmio-check-placement', node: acting, detail: `${acting.text.slice(0, 60)} runs in a declaration before the DMA_ATTR_MMIO check would` });
      continue;
    }
    const phys = plan.local?.name ?? choosePhysName(p.fn);
    bodyPlans.set(p.name, { plan, params, list: sig.list, phys });
    for (const ref of referencesTo(root, p.name)) {
      if (ref.kind === 'other') fail({ reason: 'provider-referenced', node: ref.node, detail: `${p.name} is used as a value here; whoever calls it through this reference still passes (page, offset)` });
      if (ref.kind === 'ops-field' && fieldNameOf(ref.owner!) !== 'map_page') {
        fail({ reason: 'provider-referenced', node: ref.node, detail: `${p.name} also initialises .${fieldNameOf(ref.owner!) ?? '?'}` });
      }
      if (ref.kind === 'ops-field' && !sites.some((s) => s.value.id === ref.node.id)) {
        fail({ reason: 'provider-referenced', node: ref.node, detail: `${p.name} initialises a .map_page outside a struct dma_map_ops` });
      }
      if (ref.kind === 'call' && callArguments(ref.owner!).length !== 6) {
        fail({ reason: 'unexpected-caller-arguments', node: ref.owner!, detail: `this call of ${p.name}() does not pass six arguments` });
      }
    }
  }
  for (const p of unmapProviders.values()) {
    const fail = (r: Refusal) => refuse(sitesNaming(p.name), r);
    const params = parametersOf(p.fn)?.params ?? [];
    if (p.fn.hasError) fail({ reason: 'function-parse-error', node: p.fn, detail: `tree-sitter could not parse all of ${p.name}()` });
    else if (params.length !== 5 || params.some((x) => x.name === undefined)) fail({ reason: 'unexpected-signature', node: p.fn, detail: `${p.name}() does not take (dev, dma_handle, size, dir, attrs)` });
    else if (!isStatic(p.fn) && renamedProvider(p.name) !== p.name) fail({ reason: 'external-linkage', node: p.fn, detail: `${p.name}() is not static: renaming it would break callers in other files` });
    else if (p.resource && actingDeclarationCall(p.fn.childForFieldName('body')!)) {
      const acting = actingDeclarationCall(p.fn.childForFieldName('body')!)!;
      fail({ reason: 'mmio-check-placement', node: acting, detail: `${acting.text.slice(0, 60)} runs in a declaration before the DMA_ATTR_MMIO dispatch would` });
    }
  }

  const helpers = findPhysHelpers(text, root, defs, bodyPlans, new Set([...mapProviders.keys(), ...unmapProviders.keys()]));

  // Names: the new ones must be free, and every old one must be in reach of the syntax tree.
  const renames = new Map<string, string>();
  for (const name of [...mapProviders.keys(), ...unmapProviders.keys()]) {
    const to = renamedProvider(name);
    if (to !== name) renames.set(name, to);
  }
  for (const [from, to] of renames) {
    const taken = new RegExp(`\\b${to}\\b`).exec(text);
    if (taken) refuse(sitesNaming(from), { reason: 'name-collision', node: { startIndex: taken.index, endIndex: taken.index + to.length }, detail: `${to} already exists in this file` });
    const covered = new Set([...referencesTo(root, from).map((r) => r.node.startIndex)]);
    for (const m of text.matchAll(new RegExp(`\\b${from}\\b`, 'g'))) {
      if (covered.has(m.index)) continue;
      const node = root.descendantForIndex(m.index, m.index + from.length);
      if (node.type === 'comment' || inString(node)) continue;
      refuse(sitesNaming(from), { reason: 'name-in-macro', node: { startIndex: m.index, endIndex: m.index + from.length }, detail: `${from} occurs where the syntax tree does not reach (a macro body or unparsed code)` });
    }
  }

  if (refusals.size > 0) return { edits: [], notes: [], refusals, summaries, todos: new Map() };

  // Build the edits.
  const edits = new EditSet();
  const notes: string[] = [];
  const forms = new Set<BodyForm>();
  for (const [i, s] of sites.entries()) {
    if (s.field === 'map_page' || s.field === 'unmap_page') {
      const newField = s.field === 'map_page' ? 'map_phys' : 'unmap_phys';
      edits.replace(range(s.match.api), newField);
      summaries.set(i, `.${s.field} = ${s.value.text} became .${newField} = ${renames.get(s.value.text) ?? s.value.text}`);
    } else {
      summaries.set(i, `.${s.field} = ${s.value.text} was folded into the phys callback under DMA_ATTR_MMIO`);
    }
  }
  deleteOpsFields(text, resourceSites.map((i) => sites[i]!.pair), edits);

  for (const h of helpers.values()) convertHelper(text, root, h, bodyPlans, edits, newline);
  const todos = new Map<number, string[]>();
  for (const p of mapProviders.values()) {
    const left = pageHelpersLeft(bodyPlans.get(p.name)!, helpers);
    if (left.length === 0) continue;
    const say = left.map((name) => `${name}() still receives phys_to_page(phys), offset_in_page(phys): it is not a static helper of this file the rule can convert with ${renamedProvider(p.name)}(); consider making it take the physical address (upstream did for powerpc's iommu_map_page() and sparc's __sbus_iommu_map_page())`);
    for (const i of p.sites) todos.set(i, say);
  }
  for (const h of helpers.values()) renames.set(h.name, h.newName);
  for (const p of mapProviders.values()) {
    const { params, list, phys } = bodyPlans.get(p.name)!;
    const plan = withoutHelperArguments(bodyPlans.get(p.name)!.plan, helpers);
    const body = p.fn.childForFieldName('body')!;
    for (const f of plan.forms) forms.add(f);
    rewriteMapSignature(text, list, params, phys, edits, newline);
    applyBodyPlan(text, plan, phys, edits, newline);
    const deleted = new Set<number>();
    if (plan.local) {
      if (deleteDeclarator(text, body, plan.local.declaration, plan.local.declarator, edits)) deleted.add(plan.local.declaration.id);
    }
    const [dev, , , size, dir, attrs] = params.map((x) => x.name!);
    if (p.resource) {
      insertAtBodyStart(text, body, deleted, [`if (${attrs} & DMA_ATTR_MMIO)`, `\treturn ${p.resource.name}(${dev}, ${phys}, ${size}, ${dir}, ${attrs});`], edits, newline);
      forwardDeclare(text, p.resource.fn, p.fn, edits, newline);
      notes.push(`${renames.get(p.name) ?? p.name}() hands DMA_ATTR_MMIO requests to ${p.resource.name}(), as the core did for .map_resource before 6.19.`);
    } else if (!alwaysFails(body)) {
      insertAtBodyStart(text, body, deleted, [`if (unlikely(${attrs} & DMA_ATTR_MMIO))`, '\treturn DMA_MAPPING_ERROR;'], edits, newline);
    }
    rewriteKernelDoc(text, p.fn, params[1]!.name!, params[2]!.name!, phys, edits, newline);
    for (const ref of referencesTo(root, p.name)) {
      if (ref.kind === 'prototype') {
        const proto = parametersOf(ref.owner!);
        if (proto && proto.params.length === 6) rewriteMapSignature(text, proto.list, proto.params, proto.params[1]!.name === undefined ? undefined : phys, edits, newline);
      }
      if (ref.kind === 'call') {
        const args = callArguments(ref.owner!);
        const expr = physExpression(args[1]!, args[2]!);
        for (const e of rewriteCall(text, ref.owner!, { callee: renames.get(p.name) ?? p.name, replace: [{ from: 1, to: 2, text: expr.text }] }, newline)) edits.replace(e.range, e.text);
      }
    }
  }
  for (const p of unmapProviders.values()) {
    if (!p.resource) continue;
    const params = parametersOf(p.fn)!.params.map((x) => x.name!);
    const [dev, handle, size, dir, attrs] = params;
    const body = p.fn.childForFieldName('body')!;
    insertAtBodyStart(text, body, new Set(), [`if (${attrs} & DMA_ATTR_MMIO) {`, `\t${p.resource.name}(${dev}, ${handle}, ${size}, ${dir}, ${attrs});`, '\treturn;', '}'], edits, newline);
    forwardDeclare(text, p.resource.fn, p.fn, edits, newline);
  }
  for (const [from, to] of renames) {
    for (const ref of referencesTo(root, from)) {
      if (!edits.covers(range(ref.node))) edits.replace(range(ref.node), to);
    }
  }
  renameInComments(root, renames, edits);
  notes.unshift(describeForms(forms));
  return { edits: edits.result(text), notes, refusals, summaries, todos };
}

/**
 * An internal helper the providers call with their own `(page, offset)`,
 * such as sparc's `__sbus_iommu_map_page()`: converted with them, so that the
 * physical address goes through instead of being rebuilt as
 * `phys_to_page(phys), offset_in_page(phys)` (what upstream did).
 */
interface PhysHelper {
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
function findPhysHelpers(text: string, root: SyntaxNode, defs: ReadonlyMap<string, SyntaxNode[]>, bodyPlans: ReadonlyMap<string, { plan: BodyPlan; params: Parameter[] }>, providers: ReadonlySet<string>): Map<string, PhysHelper> {
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
function pageHelpersLeft(entry: { plan: BodyPlan; params: Parameter[] }, helpers: ReadonlyMap<string, PhysHelper>): string[] {
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
function withoutHelperArguments(plan: BodyPlan, helpers: ReadonlyMap<string, PhysHelper>): BodyPlan {
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
function convertHelper(text: string, root: SyntaxNode, h: PhysHelper, bodyPlans: ReadonlyMap<string, { plan: BodyPlan; params: Parameter[]; phys: string }>, edits: EditSet, newline: string): void {
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

function refusalOf(refusals: ReadonlyMap<number, Refusal>, i: number): Refusal {
  return refusals.get(i)!;
}

function range(node: SyntaxNode): { start: number; end: number } {
  return { start: node.startIndex, end: node.endIndex };
}

function inString(node: SyntaxNode): boolean {
  for (let p: SyntaxNode | null = node; p; p = p.parent) if (p.type === 'string_literal' || p.type === 'string_content') return true;
  return false;
}

/** `phys`, unless the function already uses that identifier. */
function choosePhysName(fn: SyntaxNode): string {
  const used = new Set(fn.descendantsOfType(['identifier', 'preproc_arg']).flatMap((n) => (n.type === 'identifier' ? [n.text] : n.text.split(/\W+/))));
  return ['phys', 'paddr', 'phys_addr'].find((n) => !used.has(n)) ?? 'phys_addr_for_dma';
}

/** The body is just `return DMA_MAPPING_ERROR;` (dummy ops): MMIO is already refused. */
function alwaysFails(body: SyntaxNode): boolean {
  const stmts = body.namedChildren.filter((c) => c.type !== 'comment');
  return stmts.length === 1 && stmts[0]!.type === 'return_statement' && stmts[0]!.namedChildren[0]?.text === 'DMA_MAPPING_ERROR';
}

/** Declare `callee` above `caller` (and its comment) when it is defined further down. */
function forwardDeclare(text: string, callee: SyntaxNode, caller: SyntaxNode, edits: EditSet, newline: string): void {
  if (callee.startIndex < caller.startIndex) return;
  const declarator = callee.childForFieldName('declarator')!;
  const head = text.slice(callee.startIndex, declarator.endIndex);
  let at: SyntaxNode = caller;
  while (at.previousSibling?.type === 'comment' && text.slice(at.previousSibling.endIndex, at.startIndex).split('\n').length <= 2) at = at.previousSibling;
  edits.insert(at.startIndex, `${head};${newline}${newline}`);
}

function describeForms(forms: ReadonlySet<BodyForm>): string {
  const said: Record<BodyForm, string> = {
    phys: 'page_to_phys(page) + offset became phys',
    'aligned-base': 'the page-aligned page_to_phys(page) became phys - offset_in_page(phys), keeping the base aligned',
    'phys-to-virt': 'page_address(page) + offset became phys_to_virt(phys)',
    'phys-pfn': 'page_to_pfn(page) became PHYS_PFN(phys)',
    'kmap-pfn': 'kmap of the page became kmap_*_pfn(PHYS_PFN(phys))',
    'phys-to-page': 'other uses of page became phys_to_page(phys)',
    'offset-in-page': 'other uses of offset became offset_in_page(phys)',
  };
  const parts = [...forms].map((f) => said[f]);
  return `struct dma_map_ops providers were converted from .map_page/.unmap_page to .map_phys/.unmap_phys${parts.length ? `: ${parts.join('; ')}` : ''}.`;
}
