/**
 * What an API model is: for each function of a family, its arity and how a
 * call maps to abstract operations. Models see argument values (terms) and
 * emit events through `ModelOps`; they never see syntax.
 */
import type { Canon } from '../canon.js';
import type { DmaMapEvent, DmaUnmapEvent, EventInit, KmapKind } from '../events.js';
import type { Term } from '../term.js';

export interface ModelOps {
  readonly canon: Canon;
  /** Record an event (the executor adds line and atomic state). */
  emit(event: EventInit): void;
  /** A DMA mapping; returns its handle. */
  dmaMap(init: Omit<DmaMapEvent, 'k' | 'id' | 'line' | 'pf' | 'preempt'>): Term;
  dmaUnmap(init: Omit<DmaUnmapEvent, 'k' | 'line' | 'pf' | 'preempt'>): void;
  /** A kmap-family mapping of `page`; returns its address. */
  kmap(init: { api: string; page: Term; prot?: Term; kind: KmapKind; helper?: string }): Term;
  kunmap(init: { api: string; arg: Term; kind: KmapKind; by: 'page' | 'address'; helper?: string }): void;
  /** A plain call (memcpy inside a helper, say); returns its result. */
  call(api: string, args: readonly Term[], helper?: string): Term;
}

export interface ApiSemantics {
  /** Number of arguments of the kernel prototype. */
  readonly arity: number;
  /** The call's value; void functions return 0. */
  apply(args: readonly Term[], m: ModelOps, name: string): Term;
}

export interface ApiFamily {
  /** Names the file under apis/. */
  readonly family: string;
  /** One line: what the family is and where its semantics come from. */
  readonly summary: string;
  readonly apis: Readonly<Record<string, ApiSemantics>>;
}

export const VOID = (m: ModelOps): Term => m.canon.num(0);
