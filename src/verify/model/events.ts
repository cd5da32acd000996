/**
 * Abstract operations: what a path of a function does, as the model sees
 * it. A trace is the sequence of events on one path.
 */
import type { Term } from './term.js';

/** How a call depends on, or is restricted by, the atomic context. */
export type Effect =
  /** Touches user memory: behaves differently with page faults disabled (short copy instead of a fault). */
  | 'faults'
  /** Reads the page-fault state (pagefault_disabled(), faulthandler_disabled()). */
  | 'pf-query'
  /** Needs preemption disabled (smp_processor_id(), this_cpu_*). */
  | 'preempt-reliant'
  /** Reads the preemption state (in_atomic(), preemptible()). */
  | 'preempt-query'
  /** May sleep: illegal with preemption disabled. */
  | 'sleeps';

export type KmapKind = 'atomic' | 'local' | 'global';

export type ContextOp = 'pagefault-disable' | 'pagefault-enable' | 'preempt-disable' | 'preempt-enable';

interface Base {
  /** 1-based line of the statement in its file. */
  readonly line: number;
  /** The API as written (`dma_map_page`, `memcpy_from_page`...), or the callee of a plain call. */
  readonly api: string;
  /** Atomic state when the event happens (filled by the executor). */
  pf?: number;
  preempt?: number;
  effect?: Effect;
  /** Set for events a copy/fill helper expanded into. */
  helper?: string;
}

export interface DmaMapEvent extends Base {
  readonly k: 'dma-map';
  /** Ordinal of the mapping on its path (1, 2, ...): the handle it returns is `<dma#id>`. */
  readonly id: number;
  readonly dev: Term;
  readonly phys: Term;
  readonly size: Term;
  readonly dir: Term;
  /** Attributes without DMA_ATTR_MMIO. */
  readonly attrs: Term;
  readonly mmio: boolean;
}

/** A map call that always fails (dma_map_page_attrs() with DMA_ATTR_MMIO). */
export interface DmaMapFailEvent extends Base {
  readonly k: 'dma-map-fail';
}

export interface DmaUnmapEvent extends Base {
  readonly k: 'dma-unmap';
  readonly dev: Term;
  readonly handle: Term;
  readonly size: Term;
  readonly dir: Term;
  readonly attrs: Term;
  readonly mmio: boolean;
  /** dma_unmap_page_attrs() given DMA_ATTR_MMIO returns without unmapping. */
  readonly noop: boolean;
}

export interface DmaCheckEvent extends Base {
  readonly k: 'dma-check';
  readonly dev: Term;
  readonly handle: Term;
}

export interface DmaSyncEvent extends Base {
  readonly k: 'dma-sync';
  readonly dev: Term;
  readonly handle: Term;
  readonly offset: Term;
  readonly size: Term;
  readonly dir: Term;
  readonly to: 'cpu' | 'device';
}

export interface KmapEvent extends Base {
  readonly k: 'kmap';
  /** Ordinal of the mapping on its path: its address is `<kmap#id>`. */
  readonly id: number;
  readonly page: Term;
  readonly prot?: Term;
  readonly kind: KmapKind;
}

export interface KunmapEvent extends Base {
  readonly k: 'kunmap';
  readonly arg: Term;
  readonly kind: KmapKind;
  /** kunmap() takes the page; the others take an address inside the mapping. */
  readonly by: 'page' | 'address';
  /** The mapping it ends, when resolved. */
  target?: number;
}

export interface ContextEvent extends Base {
  readonly k: 'context';
  readonly op: ContextOp;
}

export interface FlushEvent extends Base {
  readonly k: 'flush';
  readonly page: Term;
}

/** Any other call: compared by callee and argument values. */
export interface CallEvent extends Base {
  readonly k: 'call';
  readonly args: readonly Term[];
  /** The call's effect on the atomic state (spin_lock disables preemption...). */
  readonly context?: ContextOp;
}

/** A store to memory (not to a local the model tracks by value). */
export interface StoreEvent extends Base {
  readonly k: 'store';
  readonly target: Term;
  readonly value: Term;
}

export interface ReturnEvent extends Base {
  readonly k: 'return';
  readonly value?: Term;
}

/** A statement the model did not open (no modelled call, no jump): compared as a whole. */
export interface BlockEvent extends Base {
  readonly k: 'block';
  readonly value: Term;
  /** The functions the statement calls (not compared: read by contracts on what a path acquires). */
  readonly calls?: readonly string[];
}

export type ModelEvent =
  | DmaMapEvent
  | DmaMapFailEvent
  | DmaUnmapEvent
  | DmaCheckEvent
  | DmaSyncEvent
  | KmapEvent
  | KunmapEvent
  | ContextEvent
  | FlushEvent
  | CallEvent
  | StoreEvent
  | ReturnEvent
  | BlockEvent;

/** Distributive Omit, so each event kind keeps its own fields. */
export type EventInit = ModelEvent extends infer E ? (E extends ModelEvent ? Omit<E, 'line' | 'pf' | 'preempt'> : never) : never;

/** Terms an event reads (to find uses of a mapping or a handle). */
export function termsOf(e: ModelEvent): Term[] {
  switch (e.k) {
    case 'dma-map':
      return [e.dev, e.phys, e.size, e.dir, e.attrs];
    case 'dma-unmap':
      return [e.dev, e.handle, e.size, e.dir, e.attrs];
    case 'dma-check':
      return [e.dev, e.handle];
    case 'dma-sync':
      return [e.dev, e.handle, e.offset, e.size, e.dir];
    case 'kmap':
      return e.prot ? [e.page, e.prot] : [e.page];
    case 'kunmap':
      return [e.arg];
    case 'flush':
      return [e.page];
    case 'call':
      return [...e.args];
    case 'store':
      return [e.target, e.value];
    case 'return':
      return e.value ? [e.value] : [];
    case 'block':
      return [e.value];
    default:
      return [];
  }
}
