/**
 * struct dma_map_ops providers (reference §2): the initialisers of
 * dma_map_ops objects, which function fills which callback, and the
 * semantics of calling a provider directly (internal callers).
 *
 * A .map_page provider P(dev, page, offset, size, dir, attrs) and a
 * .map_phys provider Q(dev, phys, size, dir, attrs) are the same callback
 * when Q with phys = page_to_phys(page) + offset (offset < PAGE_SIZE) and
 * attrs without DMA_ATTR_MMIO behaves as P, and Q with DMA_ATTR_MMIO behaves
 * as the old .map_resource, or refuses with DMA_MAPPING_ERROR when there was
 * none. .unmap_page/.unmap_phys take the same arguments.
 */
import type { AstNode } from './ast.js';
import type { ApiSemantics } from './apis/api-model.js';
import type { Term } from './term.js';

export type Callback = 'map_page' | 'unmap_page' | 'map_resource' | 'unmap_resource' | 'map_phys' | 'unmap_phys';
const CALLBACKS: ReadonlySet<string> = new Set<Callback>(['map_page', 'unmap_page', 'map_resource', 'unmap_resource', 'map_phys', 'unmap_phys']);

export interface OpsObject {
  /** The variable's name: pairs old and new objects. */
  readonly name: string;
  readonly node: AstNode;
  /** Callback field → function name, for the DMA callbacks. */
  readonly callbacks: ReadonlyMap<Callback, string>;
  /** Token text of every other field initialiser, to check they are unchanged. */
  readonly others: readonly string[];
}

/** Objects of type struct dma_map_ops with an initialiser list, anywhere at file scope. */
export function findDmaMapOps(root: AstNode): OpsObject[] {
  // File-scope declarations only: function bodies are not opened (they are copied lazily).
  const out: OpsObject[] = [];
  const visit = (n: AstNode) => {
    for (const c of n.children) {
      if (c.type === 'declaration') out.push(...opsOfDeclaration(c));
      else if (c.type !== 'function_definition' && c.childCount > 0) visit(c);
    }
  };
  visit(root);
  return out;
}

export function opsOfDeclaration(d: AstNode): OpsObject[] {
  const out: OpsObject[] = [];
  const type = d.childForFieldName('type');
  if (type?.type !== 'struct_specifier' || type.childForFieldName('name')?.text !== 'dma_map_ops') return out;
  {
    for (const init of d.childrenForFieldName('declarator')) {
      if (init.type !== 'init_declarator') continue;
      const value = init.childForFieldName('value');
      let nameNode = init.childForFieldName('declarator');
      while (nameNode && nameNode.type !== 'identifier') nameNode = nameNode.childForFieldName('declarator');
      if (!nameNode || value?.type !== 'initializer_list') continue;
      const callbacks = new Map<Callback, string>();
      const others: string[] = [];
      for (const pair of value.namedChildren) {
        if (pair.type !== 'initializer_pair') continue;
        const field = pair.childForFieldName('designator')?.namedChildren.find((c) => c.type === 'field_identifier')?.text;
        const fn = pair.childForFieldName('value');
        if (field && CALLBACKS.has(field) && fn?.type === 'identifier') callbacks.set(field as Callback, fn.text);
        else others.push(pair.text.replace(/\s+/g, ' '));
      }
      out.push({ name: nameNode.text, node: d, callbacks, others: others.sort() });
    }
  }
  return out;
}

/** A callback pair to judge: the old provider(s) and the new one. */
export interface ProviderPair {
  readonly ops: string;
  readonly kind: 'map' | 'unmap';
  /** The old .map_page/.unmap_page function. */
  readonly oldPage?: string;
  /** The old .map_resource/.unmap_resource function (the MMIO side). */
  readonly oldResource?: string;
  /** The new .map_phys/.unmap_phys function. */
  readonly newPhys: string;
}

export function pairProviders(oldOps: readonly OpsObject[], newOps: readonly OpsObject[]): { pairs: ProviderPair[]; mismatched: OpsObject[] } {
  const pairs: ProviderPair[] = [];
  const mismatched: OpsObject[] = [];
  for (const n of newOps) {
    const o = oldOps.find((x) => x.name === n.name);
    if (!o) continue;
    const converted = n.callbacks.has('map_phys') || n.callbacks.has('unmap_phys');
    if (!converted || o.callbacks.has('map_phys')) continue;
    if (o.others.join('\n') !== n.others.join('\n')) mismatched.push(n);
    for (const kind of ['map', 'unmap'] as const) {
      const newPhys = n.callbacks.get(`${kind}_phys`);
      if (!newPhys) continue;
      const oldPage = o.callbacks.get(`${kind}_page`);
      const oldResource = o.callbacks.get(`${kind}_resource`);
      pairs.push({ ops: n.name, kind, newPhys, ...(oldPage ? { oldPage } : {}), ...(oldResource ? { oldResource } : {}) });
    }
  }
  return { pairs, mismatched };
}

/**
 * Semantics of calling the file's own providers directly (an sg loop calling
 * its map_page, say): a call event named after the ops object, with the
 * page form's page and offset folded into one physical address.
 */
export function providerCallModels(pairs: readonly ProviderPair[]): { old: Map<string, ApiSemantics>; new: Map<string, ApiSemantics> } {
  const old = new Map<string, ApiSemantics>();
  const neu = new Map<string, ApiSemantics>();
  for (const p of pairs) {
    const api = `${p.ops}.${p.kind}`;
    neu.set(p.newPhys, { arity: 5, apply: (a, m) => m.call(api, a) });
    if (p.oldPage) {
      if (p.kind === 'map') {
        old.set(p.oldPage, {
          arity: 6,
          apply: ([dev, page, offset, size, dir, attrs], m) => m.call(api, [dev!, m.canon.add(m.canon.call('page_to_phys', [page!]), offset!), size!, dir!, attrs!]),
        });
      } else old.set(p.oldPage, { arity: 5, apply: (a, m) => m.call(api, a) });
    }
    if (p.oldResource) {
      old.set(p.oldResource, {
        arity: 5,
        apply: ([dev, x, size, dir, attrs], m) => m.call(api, [dev!, x!, size!, dir!, m.canon.bitOr(attrs!, m.canon.id('DMA_ATTR_MMIO'))]),
      });
    }
  }
  return { old, new: neu };
}

/** Parameter names of a function definition, in order. */
export function parameterNames(fn: AstNode): (string | undefined)[] {
  let d = fn.childForFieldName('declarator');
  while (d && d.type !== 'function_declarator') d = d.childForFieldName('declarator');
  const list = d?.childForFieldName('parameters');
  return (list?.namedChildren ?? [])
    .filter((p) => p.type === 'parameter_declaration')
    .map((p) => {
      let x = p.childForFieldName('declarator');
      while (x && x.type !== 'identifier') x = x.childForFieldName('declarator');
      return x?.text;
    });
}

/** Bind parameters by position to the given values. */
export function bindParameters(fn: AstNode, values: readonly Term[]): Map<string, Term> {
  const env = new Map<string, Term>();
  parameterNames(fn).forEach((name, i) => {
    const v = values[i];
    if (name && v) env.set(name, v);
  });
  return env;
}

/**
 * An internal helper the conversion moved from `(..., struct page *page,
 * offset, ...)` to `(..., phys_addr_t phys, ...)` with its providers, and
 * renamed `*map_page*` → `*map_phys*` (sparc's `__sbus_iommu_map_page()`).
 * The two are the same function when the new one, given
 * `page_to_phys(page) + offset` (offset in-page), behaves as the old one.
 */
export interface PhysHelperPair {
  readonly oldName: string;
  readonly newName: string;
  /** Position of the page parameter in the old signature (the offset follows). */
  readonly at: number;
  /** Parameters of the new signature. */
  readonly arity: number;
}

const OFFSET_TYPE = /^(?:unsigned long|unsigned long int|size_t|unsigned int)$/;

export function pairPhysHelpers(oldFns: readonly { name: string; params: readonly string[] }[], newFns: readonly { name: string; params: readonly string[] }[]): PhysHelperPair[] {
  const out: PhysHelperPair[] = [];
  const oldNames = new Set(oldFns.map((f) => f.name));
  for (const o of oldFns) {
    const i = o.name.lastIndexOf('map_page');
    if (i === -1) continue;
    const newName = `${o.name.slice(0, i)}map_phys${o.name.slice(i + 'map_page'.length)}`;
    const n = newFns.filter((f) => f.name === newName);
    if (n.length !== 1 || oldNames.has(newName) || oldFns.filter((f) => f.name === o.name).length !== 1) continue;
    const norm = (t: string) => t.replace(/\s+/g, ' ').replace(/\s*\*\s*/g, ' *').trim();
    const op = o.params.map(norm);
    const np = n[0]!.params.map(norm);
    const at = op.findIndex((t, k) => t === 'struct page *' && OFFSET_TYPE.test(op[k + 1] ?? ''));
    if (at === -1 || np.length !== op.length - 1 || np[at] !== 'phys_addr_t') continue;
    if (!np.every((t, k) => k === at || t === op[k < at ? k : k + 1])) continue;
    out.push({ oldName: o.name, newName, at, arity: np.length });
  }
  return out;
}

/** Calls of converted helpers: one call event, the page form's page and offset folded into the physical address. */
export function physHelperCallModels(helpers: readonly PhysHelperPair[]): { old: Map<string, ApiSemantics>; new: Map<string, ApiSemantics> } {
  const old = new Map<string, ApiSemantics>();
  const neu = new Map<string, ApiSemantics>();
  for (const h of helpers) {
    const api = `helper:${h.newName}`;
    neu.set(h.newName, { arity: h.arity, apply: (a, m) => m.call(api, a) });
    old.set(h.oldName, {
      arity: h.arity + 1,
      apply: (a, m) => m.call(api, [...a.slice(0, h.at), m.canon.add(m.canon.call('page_to_phys', [a[h.at]!]), a[h.at + 1]!), ...a.slice(h.at + 2)]),
    });
  }
  return { old, new: neu };
}
