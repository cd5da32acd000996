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
import { physExpression } from '../_dma/phys-expression.js';
import { applyBodyPlan, planBody, type BodyForm, type BodyPlan } from './body-rewrite.js';
import { EditSet } from './edit-set.js';
import { applyFold, planFold, type ResourceFold } from './fold.js';
import { actingDeclarationCall, deleteDeclarator, deleteOpsFields, insertAtBodyStart, leadingDeclarations } from './mmio.js';
import { convertHelper, findPhysHelpers, pageHelpersLeft, withoutHelperArguments, type PhysHelper } from './helpers.js';
import {
  OFFSET_TYPES,
  choosePhysName,
  fieldNameOf,
  inString,
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

interface MapProvider {
  readonly name: string;
  readonly fn: SyntaxNode;
  readonly sites: number[];
  resource?: { name: string; fn: SyntaxNode; site: number } | null;
}

/** What the steps of planProviders share: the file, its sites, and what the steps found so far. */
interface Planning {
  readonly text: string;
  readonly root: SyntaxNode;
  readonly newline: string;
  readonly sites: readonly OpsSite[];
  readonly refusals: Map<number, Refusal>;
  readonly summaries: Map<number, string>;
  readonly defs: ReadonlyMap<string, SyntaxNode[]>;
  readonly mapProviders: Map<string, MapProvider>;
  readonly unmapProviders: Map<string, MapProvider>;
  readonly resourceSites: number[];
  readonly bodyPlans: Map<string, BodyPlanEntry>;
  /** Refuse these sites (the first refusal of a site stands). */
  refuse(indices: readonly number[], r: Refusal): void;
  /** The sites whose ops field names this function. */
  sitesNaming(name: string): number[];
}

interface BodyPlanEntry {
  readonly plan: BodyPlan;
  readonly params: Parameter[];
  readonly list: SyntaxNode;
  readonly phys: string;
}

/**
 * The steps, in order: group the sites by ops object and provider function,
 * validate the map and unmap providers, check the names, then (when nothing
 * was refused) build the edits.
 */
export function planProviders(text: string, root: SyntaxNode, matches: readonly RuleMatch[], newline: string): ProvidersPlan {
  const sites: OpsSite[] = matches.map((m) => ({ match: m, field: m.api.text, pair: m.api.parent!.parent!, value: m.node('value'), ops: m.node('ops') }));
  const refusals = new Map<number, Refusal>();
  const pl: Planning = {
    text,
    root,
    newline,
    sites,
    refusals,
    summaries: new Map(),
    defs: functionDefinitions(root),
    mapProviders: new Map(),
    unmapProviders: new Map(),
    resourceSites: [],
    bodyPlans: new Map(),
    refuse: (indices, r) => {
      for (const i of indices) if (!refusals.has(i)) refusals.set(i, r);
    },
    sitesNaming: (name) => sites.flatMap((s, i) => (s.value.text === name ? [i] : [])),
  };
  groupSites(pl);
  validateMapProviders(pl);
  validateUnmapProviders(pl);
  const helpers = findPhysHelpers(text, root, pl.defs, pl.bodyPlans, new Set([...pl.mapProviders.keys(), ...pl.unmapProviders.keys()]));
  const renames = checkNames(pl);
  if (refusals.size > 0) return { edits: [], notes: [], refusals, summaries: pl.summaries, todos: new Map() };
  return buildEdits(pl, renames, helpers);
}

/** Group the sites by ops object and by provider function; pair each page callback with its resource one. */
function groupSites(pl: Planning): void {
  const { sites, defs, refusals, refuse, mapProviders, unmapProviders, resourceSites } = pl;
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


  const byOps = new Map<number, number[]>();
  sites.forEach((s, i) => {
    const list = byOps.get(s.ops.id) ?? [];
    list.push(i);
    byOps.set(s.ops.id, list);
  });
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
}

/** The map providers: signature, linkage, body, MMIO check placement and every use of their names; plans their bodies. */
function validateMapProviders(pl: Planning): void {
  const { root, sites, refuse, sitesNaming, mapProviders, bodyPlans } = pl;
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
}

/** The unmap providers: signature, linkage, and where a resource dispatch would go. */
function validateUnmapProviders(pl: Planning): void {
  const { refuse, sitesNaming, unmapProviders } = pl;
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

}

/** The renames: the new names must be free, and every old one in reach of the syntax tree. */
function checkNames(pl: Planning): Map<string, string> {
  const { text, root, refuse, sitesNaming, mapProviders, unmapProviders } = pl;
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

  return renames;
}

/** Every edit of the conversion: ops fields, helpers, providers, callers, prototypes, names and comments. */
function buildEdits(pl: Planning, renames: Map<string, string>, helpers: ReadonlyMap<string, PhysHelper>): ProvidersPlan {
  const { text, root, newline, sites, refusals, summaries, mapProviders, unmapProviders, resourceSites, bodyPlans } = pl;
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
  const folds = planFolds(pl);
  for (const p of mapProviders.values()) {
    const { params, list, phys } = bodyPlans.get(p.name)!;
    const body = p.fn.childForFieldName('body')!;
    const plan = keepOffsetLocal(text, body, withoutHelperArguments(bodyPlans.get(p.name)!.plan, helpers), params[2]!, phys, edits, newline);
    for (const f of plan.forms) forms.add(f);
    rewriteMapSignature(text, list, params, phys, edits, newline);
    applyBodyPlan(text, plan, phys, edits, newline);
    const deleted = new Set<number>();
    if (plan.local) {
      if (deleteDeclarator(text, body, plan.local.declaration, plan.local.declarator, edits)) deleted.add(plan.local.declaration.id);
    }
    const [dev, , , size, dir, attrs] = params.map((x) => x.name!);
    const fold = folds?.get(p.name);
    if (fold) {
      applyFold(text, fold, attrs!, edits, newline);
      notes.push(`${p.resource!.name}() was folded into ${renames.get(p.name) ?? p.name}(): DMA_ATTR_MMIO skips the CPU cache maintenance and maps with IOMMU_MMIO, as the resource function did.`);
    } else if (p.resource) {
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
    const fold = folds?.get(p.name);
    if (fold) {
      applyFold(text, fold, attrs!, edits, newline);
      continue;
    }
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
 * Fold every resource function into its phys callback, or none: a file's
 * providers either all merge their MMIO path (ARM, as upstream did) or all
 * hand it to the kept resource functions.
 */
function planFolds(pl: Planning): Map<string, ResourceFold> | undefined {
  const folds = new Map<string, ResourceFold>();
  for (const p of [...pl.mapProviders.values(), ...pl.unmapProviders.values()]) {
    if (!p.resource) continue;
    const params = parametersOf(p.fn)!.params;
    const fold = planFold(pl.root, p.fn, p.resource.fn, p.resource.name, params[params.length - 1]!.name!);
    if (!fold) return undefined;
    folds.set(p.name, fold);
  }
  return folds.size > 0 ? folds : undefined;
}

/**
 * When the declarations at the top of the body compute two or more values
 * from the offset (xen grant's `dma_offset` and `pfn_offset`), they keep
 * reading it from a local of the same name, `offset = offset_in_page(phys)`,
 * declared just above the first of them (what upstream wrote), instead of each inlining
 * offset_in_page(phys). Exact: the parameter was never modified (else the
 * conversion was refused). Returns the plan without those replacements.
 */
function keepOffsetLocal(text: string, body: SyntaxNode, plan: BodyPlan, offset: Parameter, phys: string, edits: EditSet, newline: string): BodyPlan {
  const uses = plan.replacements.filter((r) => r.form === 'offset-in-page');
  const leading = leadingDeclarations(body);
  const inDeclarations = uses.filter((r) => leading.some((d) => r.node.startIndex >= d.startIndex && r.node.endIndex <= d.endIndex));
  const first = leading.find((d) => inDeclarations.some((r) => r.node.startIndex >= d.startIndex && r.node.endIndex <= d.endIndex));
  if (inDeclarations.length < 2 || !first || plan.local) return plan;
  const lineStart = text.lastIndexOf('\n', first.startIndex - 1) + 1;
  const indent = text.slice(lineStart, first.startIndex);
  if (!/^[ \t]*$/.test(indent)) return plan;
  edits.insert(lineStart, `${indent}${offset.type} ${offset.name!} = offset_in_page(${phys});${newline}`);
  return { ...plan, replacements: plan.replacements.filter((r) => r.form !== 'offset-in-page') };
}

function refusalOf(refusals: ReadonlyMap<number, Refusal>, i: number): Refusal {
  return refusals.get(i)!;
}

function range(node: SyntaxNode): { start: number; end: number } {
  return { start: node.startIndex, end: node.endIndex };
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
    'phys-highmem': 'PageHighMem(page) became PhysHighMem(phys)',
    'kmap-pfn': 'kmap of the page became kmap_*_pfn(PHYS_PFN(phys))',
    'phys-to-page': 'other uses of page became phys_to_page(phys)',
    'offset-in-page': 'other uses of offset became offset_in_page(phys)',
  };
  const parts = [...forms].map((f) => said[f]);
  return `struct dma_map_ops providers were converted from .map_page/.unmap_page to .map_phys/.unmap_phys${parts.length ? `: ${parts.join('; ')}` : ''}.`;
}
