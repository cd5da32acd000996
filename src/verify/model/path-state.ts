/**
 * The state of one path while the executor walks it: variable values, the
 * trace, the live kmap and DMA mappings, the atomic context, and the
 * contract violations found so far. It implements `ModelOps`, so API models
 * act on it directly.
 */
import type { ModelOps } from './apis/api-model.js';
import type { Canon } from './canon.js';
import type { ContextOp, DmaMapEvent, DmaUnmapEvent, EventInit, KmapKind, ModelEvent } from './events.js';
import { termsOf } from './events.js';
import { isCacheMaintenance } from './apis/effects.js';
import { addressSymbolsIn, showTerm, symTerm, symbolOf, symbolsIn, someSubterm, type Term } from './term.js';

/**
 * The callee summaries of the rewrite's plan, as a lookup: may `callee` keep
 * the pointer given as argument `arg` past the call? `undefined` when the
 * plan has no summary for it (an unknown callee: it may).
 */
export type CalleeKeeps = (callee: string, arg: number) => boolean | undefined;

/** Calls the model knows use their pointers during the call only (the plain accesses helpers expand into). */
const USES_DURING_CALL: ReadonlySet<string> = new Set(['memcpy', 'memset', 'memmove']);

export interface PathViolation {
  readonly reason: string;
  /** What it is about (`kmap#2`, `dma#1`): with the reason, the key compared between old and new. */
  readonly subject: string;
  readonly line: number;
  readonly detail: string;
}

/** An immutable list, newest first: paths that fork share their history. */
export interface Cell<T> {
  readonly value: T;
  readonly prev: Cell<T> | null;
}

export function listToArray<T>(c: Cell<T> | null): T[] {
  const out: T[] = [];
  for (let x = c; x; x = x.prev) out.push(x.value);
  return out.reverse();
}

interface KmapRec {
  readonly id: number;
  readonly page: Term;
  readonly kind: KmapKind;
  readonly line: number;
  live: boolean;
  escaped: boolean;
}

interface DmaRec {
  readonly id: number;
  readonly event: DmaMapEvent;
  checked: boolean;
  failed: boolean;
  unmapped: boolean;
  escaped: boolean;
  flagged: boolean;
}

export class PathState implements ModelOps {
  env = new Map<string, Term>();
  mem = new Map<string, Term>();
  private eventList: Cell<ModelEvent> | null = null;
  eventCount = 0;
  private decisionList: Cell<string> | null = null;
  private lineList: Cell<number> | null = null;
  /** Times each CFG node was reached on this path, by node id (sized by the executor). */
  visits: Uint32Array = new Uint32Array(0);
  violations: PathViolation[] = [];
  callCounts = new Map<string, number>();
  blocks = 0;
  /** Loops cut short by the bound so far (names the values they leave). */
  widens = 0;
  /** Unmaps seen so far on the path (names the ones the model cannot resolve). */
  unmaps = 0;
  pf = 0;
  preempt = 0;
  line = 0;
  private kmaps: KmapRec[] = [];
  private stack: number[] = [];
  private dmas: DmaRec[] = [];
  /** Physical addresses mapped as MMIO on this path (and a provider's MMIO phys parameter). */
  mmio: Term[] = [];
  /** Keys of values known to be `struct page *` (to catch a page passed where an address belongs). */
  pages = new Set<string>();

  constructor(
    readonly canon: Canon,
    private readonly callees?: CalleeKeeps,
  ) {}

  clone(): PathState {
    const s = new PathState(this.canon, this.callees);
    s.env = new Map(this.env);
    s.mem = new Map(this.mem);
    s.eventList = this.eventList;
    s.eventCount = this.eventCount;
    s.decisionList = this.decisionList;
    s.lineList = this.lineList;
    s.visits = this.visits.slice();
    s.violations = [...this.violations];
    s.callCounts = new Map(this.callCounts);
    s.blocks = this.blocks;
    s.widens = this.widens;
    s.unmaps = this.unmaps;
    s.pf = this.pf;
    s.preempt = this.preempt;
    s.line = this.line;
    s.kmaps = this.kmaps.map((k) => ({ ...k }));
    s.stack = [...this.stack];
    s.dmas = this.dmas.map((d) => ({ ...d }));
    s.mmio = [...this.mmio];
    s.pages = new Set(this.pages);
    return s;
  }

  get events(): ModelEvent[] {
    return listToArray(this.eventList);
  }

  get decisions(): string[] {
    return listToArray(this.decisionList);
  }

  get lines(): number[] {
    return listToArray(this.lineList);
  }

  decide(key: string): void {
    this.decisionList = { value: key, prev: this.decisionList };
  }

  /** Record the statement line (once per run of statements on one line). */
  visitLine(line: number): void {
    this.line = line;
    if (this.lineList?.value !== line) this.lineList = { value: line, prev: this.lineList };
  }

  private violate(reason: string, subject: string, detail: string): void {
    if (this.violations.some((v) => v.reason === reason && v.subject === subject)) return;
    this.violations.push({ reason, subject, line: this.line, detail });
  }

  // ---- ModelOps ----------------------------------------------------------

  emit(init: EventInit): void {
    // Object.assign, not a spread: the same own properties, far faster for the many event shapes.
    const e = Object.assign({}, init, { line: this.line, pf: this.pf, preempt: this.preempt }) as ModelEvent;
    this.checkUses(e);
    this.eventList = { value: e, prev: this.eventList };
    this.eventCount++;
    if (e.k === 'context') this.applyContext(e.op);
    if (e.k === 'call' && e.context) this.applyContext(e.context);
    if (e.k === 'dma-check') this.markChecked(e.handle);
  }

  private applyContext(op: ContextOp): void {
    if (op === 'pagefault-disable') this.pf++;
    else if (op === 'pagefault-enable') this.pf = Math.max(0, this.pf - 1);
    else if (op === 'preempt-disable') this.preempt++;
    else this.preempt = Math.max(0, this.preempt - 1);
  }

  dmaMap(init: Omit<DmaMapEvent, 'k' | 'id' | 'line' | 'pf' | 'preempt'>): Term {
    const id = this.dmas.length + 1;
    this.emit({ ...init, k: 'dma-map', id });
    const event = this.eventList!.value as DmaMapEvent;
    this.dmas.push({ id, event, checked: false, failed: false, unmapped: false, escaped: false, flagged: false });
    if (init.mmio) this.mmio.push(init.phys);
    return symTerm('handle', id);
  }

  dmaUnmap(init: Omit<DmaUnmapEvent, 'k' | 'line' | 'pf' | 'preempt'>): void {
    this.emit({ ...init, k: 'dma-unmap' });
    const ids = symbolsIn(init.handle, 'handle');
    const rec = ids.length === 1 ? this.dmas[ids[0]! - 1] : undefined;
    if (!rec) return;
    const subject = `dma#${rec.id}`;
    if (rec.unmapped) {
      this.violate('double-unmap', subject, `the DMA mapping of line ${rec.event.line} is unmapped twice`);
      return;
    }
    if (init.noop) return;
    rec.unmapped = true;
    const map = rec.event;
    const diffs: string[] = [];
    if (map.size.key !== init.size.key) diffs.push('size');
    if (map.dir.key !== init.dir.key) diffs.push('direction');
    if (map.mmio !== init.mmio) diffs.push('MMIO-ness');
    if (diffs.length > 0) this.violate('unmap-mismatch', subject, `the unmap's ${diffs.join(', ')} differ${diffs.length === 1 ? 's' : ''} from the mapping of line ${map.line}`);
  }

  kmap(init: { api: string; page: Term; prot?: Term; kind: KmapKind; helper?: string }): Term {
    const id = this.kmaps.length + 1;
    this.emit({ k: 'kmap', id, api: init.api, page: init.page, kind: init.kind, ...(init.prot ? { prot: init.prot } : {}), ...(init.helper ? { helper: init.helper } : {}), ...(init.kind === 'global' ? { effect: 'sleeps' as const } : {}) });
    this.kmaps.push({ id, page: init.page, kind: init.kind, line: this.line, live: true, escaped: false });
    if (init.kind !== 'global') this.stack.push(id);
    if (init.kind === 'atomic') {
      this.pf++;
      this.preempt++;
    }
    const mmio = this.mmio.find((p) => this.canon.call('phys_to_page', [p]).key === init.page.key);
    if (mmio) this.violate('mmio-cpu-access', `kmap#${id}`, `${init.api}() maps a page of an MMIO address`);
    return symTerm('kaddr', id);
  }

  kunmap(init: { api: string; arg: Term; kind: KmapKind; by: 'page' | 'address'; helper?: string }): void {
    const event = { k: 'kunmap' as const, api: init.api, arg: init.arg, kind: init.kind, by: init.by, ...(init.helper ? { helper: init.helper } : {}) };
    const target = this.resolveUnmap(init);
    this.emit(target ? { ...event, target: target.id } : event);
    if (init.kind === 'atomic') {
      this.pf = Math.max(0, this.pf - 1);
      this.preempt = Math.max(0, this.preempt - 1);
    }
    if (!target) return;
    const subject = `kmap#${target.id}`;
    if (!target.live) {
      this.violate('double-unmap', subject, `the mapping of line ${target.line} is unmapped twice`);
      return;
    }
    if ((target.kind === 'global') !== (init.kind === 'global')) {
      this.violate('unmap-kind-mismatch', subject, `${init.api}() ends a ${target.kind} mapping (line ${target.line})`);
    }
    if (init.by === 'address') this.checkInsideMapping(init.api, init.arg, target);
    target.live = false;
    const at = this.stack.lastIndexOf(target.id);
    if (at !== -1) {
      if (at !== this.stack.length - 1) {
        const top = this.kmaps[this.stack[this.stack.length - 1]! - 1]!;
        this.violate('lifo-violation', subject, `the mapping of line ${target.line} is unmapped while the later mapping of line ${top.line} is still live`);
      }
      this.stack.splice(at, 1);
    }
  }

  /**
   * The unmap address must lie inside the mapped page. kmap*() return the
   * page-aligned start, so the mapping's address minus a sum of values with
   * no positive part (`addr - sg->offset - offset` after `offset += len`)
   * lies below it: outside, unless those values are all zero. The rule
   * refuses the same shape (`unmap-address-outside-mapping`).
   */
  private checkInsideMapping(api: string, arg: Term, target: KmapRec): void {
    const { terms, c } = this.canon.linearTerms(arg);
    const base = terms.filter((x) => symbolOf(x.t)?.kind === 'kaddr');
    if (base.length !== 1 || base[0]!.k !== 1n) return;
    const rest = terms.filter((x) => x !== base[0]);
    if (c > 0n || rest.some((x) => x.k > 0n) || (c === 0n && rest.length === 0)) return;
    this.violate('unmap-address-outside-mapping', `kmap#${target.id}`, `${api}() is given ${showTerm(arg)}, below the start of the mapping of line ${target.line}`);
  }

  private resolveUnmap(init: { api: string; arg: Term; kind: KmapKind; by: 'page' | 'address' }): KmapRec | undefined {
    // The address the argument carries: a page read through a mapping (`ring_pages[ring->head]`) carries none.
    const ids = addressSymbolsIn(init.arg, 'kaddr');
    this.unmaps++;
    if (init.by === 'address') {
      if (ids.length === 1) return this.kmaps[ids[0]! - 1];
      const byPage = [...this.kmaps].reverse().find((k) => k.live && k.page.key === init.arg.key);
      if (!byPage && this.pages.has(init.arg.key)) this.violate('kunmap-local-given-page', `unmap#${this.unmaps}`, `${init.api}() is given a struct page, not a mapped address`);
      else if (byPage) this.violate('kunmap-local-given-page', `kmap#${byPage.id}`, `${init.api}() is given the page of the mapping of line ${byPage.line}, not its address`);
      else this.violate('unmap-unknown-address', `unmap#${this.unmaps}`, `${init.api}() is given an address the model cannot tie to a mapping on this path`);
      return undefined;
    }
    if (ids.length > 0) {
      this.violate('kunmap-given-address', `kmap#${ids[0]}`, `${init.api}() takes the page, but is given a mapped address`);
      return undefined;
    }
    const global = [...this.kmaps].reverse().find((k) => k.live && k.kind === 'global' && k.page.key === init.arg.key);
    if (global) return global;
    const other = [...this.kmaps].reverse().find((k) => k.live && k.page.key === init.arg.key);
    if (other) return other;
    this.violate('unmap-unknown-address', `unmap#${this.unmaps}`, `${init.api}() unmaps a page not mapped on this path`);
    return undefined;
  }

  call(api: string, args: readonly Term[], helper?: string): Term {
    this.emit({ k: 'call', api, args, ...(helper ? { helper } : {}) });
    return this.retSymbol(api);
  }

  retSymbol(api: string): Term {
    const n = (this.callCounts.get(api) ?? 0) + 1;
    this.callCounts.set(api, n);
    return symTerm('ret', `${api}#${n}`);
  }

  // ---- contract bookkeeping ---------------------------------------------

  private markChecked(handle: Term): void {
    for (const id of symbolsIn(handle, 'handle')) {
      const rec = this.dmas[id - 1];
      if (rec) rec.checked = true;
    }
  }

  /** A condition decided: dma_mapping_error() true means the mapping failed. */
  assume(cond: Term, outcome: boolean): void {
    if (cond.op === 'dma-error') {
      for (const id of symbolsIn(cond, 'handle')) {
        const rec = this.dmas[id - 1];
        if (rec) {
          rec.checked = true;
          if (outcome) rec.failed = true;
        }
      }
    } else if (cond.op === 'un:!') this.assume(cond.args[0]!, !outcome);
    else if ((cond.op === '&&' && outcome) || (cond.op === '||' && !outcome)) for (const a of cond.args) this.assume(a, outcome);
  }

  /**
   * A local or atomic mapping's address handed to a function (argument
   * `index` of `api`): the function must use it during the call only. The
   * plan's callee summaries say which do; a function they do not cover, or a
   * call through a pointer, may keep it. A global kmap() mapping may be kept
   * (that is what kmap() is for), so the old code of a kmap() conversion
   * breaks nothing here and the new one must not either. Judged only when
   * the summaries were given.
   */
  passAddress(api: string | undefined, index: number, value: Term): void {
    if (!this.callees) return;
    for (const id of addressSymbolsIn(value, 'kaddr')) {
      const rec = this.kmaps[id - 1];
      if (!rec || !rec.live || rec.kind === 'global') continue;
      if (api && (USES_DURING_CALL.has(api) || this.callees(api, index) === false)) continue;
      const callee = api ? `${api}()` : 'a call through a pointer';
      const why = !api ? 'its callee is not known' : this.callees(api, index) ? 'its summary says it may keep the pointer' : 'no callee summary covers it';
      this.violate('local-mapping-kept-by-callee', `kmap#${id}`, `the address of the ${rec.kind} mapping of line ${rec.line} is passed to ${callee} (argument ${index + 1}), which may keep it: ${why}`);
    }
  }

  private checkUses(e: ModelEvent): void {
    if (e.k === 'kunmap' || e.k === 'kmap') return;
    // A helper's own expansion (memcpy_from_page()'s copy) hands its mapping to nothing that keeps it.
    if (e.k === 'call' && !e.helper) {
      const named = e.api !== 'indirect-call';
      // An indirect call's first term is the callee.
      const args = named ? e.args : e.args.slice(1);
      args.forEach((a, i) => this.passAddress(named ? e.api : undefined, i, a));
    }
    const terms = termsOf(e);
    for (const t of terms) {
      const carried = (e.k === 'store' && t === e.value) || e.k === 'return' ? new Set(addressSymbolsIn(t, 'kaddr')) : undefined;
      for (const id of symbolsIn(t, 'kaddr')) {
        const rec = this.kmaps[id - 1];
        if (!rec) continue;
        if (!rec.live) this.violate('use-after-unmap', `kmap#${id}`, `the address of the mapping of line ${rec.line} is used after its unmap`);
        // A value read through the mapping is stored or returned, not its address.
        if (carried?.has(id)) {
          rec.escaped = true;
          // Once unmapped, the value is a stale pointer (use-after-unmap says so if it is used), not a live mapping leaving.
          if (rec.kind !== 'global' && rec.live) this.violate('local-mapping-escapes', `kmap#${id}`, `the address of the ${rec.kind} mapping of line ${rec.line} is ${e.k === 'return' ? 'returned' : 'stored outside the function\'s locals'}`);
        }
      }
    }
    if (e.k === 'dma-check' || e.k === 'dma-unmap') return;
    for (const t of terms) {
      for (const id of symbolsIn(t, 'handle')) {
        const rec = this.dmas[id - 1];
        if (!rec) continue;
        const subject = `dma#${id}`;
        if (e.k === 'store' || e.k === 'return') {
          rec.escaped = true;
          continue;
        }
        if (rec.unmapped) this.violate('use-after-unmap', subject, `the DMA handle of line ${rec.event.line} is used after its unmap`);
        else if (!rec.checked && !rec.failed && !rec.flagged) {
          rec.flagged = true;
          this.violate('mapping-error-unchecked', subject, `the DMA handle of line ${rec.event.line} is used before dma_mapping_error() checks it`);
        }
        if (e.k === 'call' || e.k === 'block') rec.escaped = true;
      }
    }
    // CPU access to an MMIO address: phys_to_virt(E) or phys_to_page(E) of a mapped MMIO E, or CPU cache maintenance on it.
    if (e.k === 'call' && isCacheMaintenance(e.api) && e.args.some((a) => this.mmio.some((p) => a.key === p.key))) {
      this.violate('mmio-cpu-access', `mmio:${e.api}`, `${e.api}() does CPU cache maintenance on an MMIO address`);
    }
    for (const p of this.mmio) {
      const virt = this.canon.call('phys_to_virt', [p]).key;
      const page = this.canon.call('phys_to_page', [p]).key;
      if (terms.some((t) => someSubterm(t, (x) => x.key === virt || x.key === page))) {
        this.violate('mmio-cpu-access', `mmio:${p.key}`, 'the CPU accesses an MMIO address through the linear map or its struct page');
      }
    }
  }

  /** At the end of a complete path: what is still mapped. */
  finish(): void {
    // Reported even for mappings handed on: the comparison with the old path decides (a ring buffer keeps its handles in both).
    for (const k of this.kmaps) {
      if (k.live) this.violate('kmap-not-unmapped', `kmap#${k.id}`, `the ${k.kind} mapping of line ${k.line} is not unmapped on this path`);
    }
    for (const d of this.dmas) {
      if (!d.failed && !d.unmapped) this.violate('dma-unbalanced', `dma#${d.id}`, `the DMA mapping of line ${d.event.line} is not unmapped on this path`);
    }
  }
}
