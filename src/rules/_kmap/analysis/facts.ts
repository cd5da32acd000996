/** The facts the kmap lifetime analysis gives about one function (see lifetimes.ts). */
import type { SyntaxNode } from '../../../core/syntax.js';
import type { Cfg, CfgProblem } from '../../../engine/analyze/flow/cfg.js';
import type { FunctionScope } from '../../../engine/analyze/flow/locals.js';
import type { LvalueKind } from '../../../engine/analyze/flow/lvalues.js';
import type { MapApi, UnmapApi } from './apis.js';
import type { CallRole } from './calls.js';

/** How far a pointer is from the address the map call returned. */
export type OffsetKind =
  /** Exactly the mapped address. */
  | 'zero'
  /** Plus an offset provably inside the page. */
  | 'in-page'
  /** Plus an offset the code treats as inside the page (not provable here). */
  | 'offset'
  /** Moved by arithmetic or increments since: may have left the page. */
  | 'moved';

export const OFFSET_RANK: Record<OffsetKind, number> = { zero: 0, 'in-page': 1, offset: 2, moved: 3 };

export interface MapSite {
  readonly index: number;
  readonly call: SyntaxNode;
  readonly callee: SyntaxNode;
  readonly api: MapApi;
  readonly page?: SyntaxNode;
}

export interface UnmapSite {
  readonly index: number;
  readonly call: SyntaxNode;
  readonly callee: SyntaxNode;
  readonly api: UnmapApi;
  readonly arg?: SyntaxNode;
}

export type Escape =
  | { readonly kind: 'stored'; readonly into: LvalueKind; readonly node: SyntaxNode; readonly target: string }
  | { readonly kind: 'returned'; readonly node: SyntaxNode }
  | { readonly kind: 'passed'; readonly node: SyntaxNode; readonly callee?: string; readonly argIndex: number }
  | { readonly kind: 'address-taken'; readonly node: SyntaxNode };

export interface RegionCall {
  readonly call: SyntaxNode;
  readonly name: string;
  readonly role?: CallRole;
  /** Under `&&`, `||` or `?:`. */
  readonly conditional: boolean;
}

export interface MapFacts {
  readonly site: MapSite;
  /** The map call ran on some path. */
  reached: boolean;
  /** Unmap sites that ended this mapping on some path. */
  readonly unmaps: Set<number>;
  /** Where a path leaves the function with the mapping live (return statements, or the body for the closing brace). */
  readonly leaks: Map<number, SyntaxNode>;
  readonly escapes: Escape[];
  /** Calls made while mapped, by call node id. */
  readonly regionCalls: Map<number, RegionCall>;
  /** Lvalue keys that held the address at some point. */
  readonly heldIn: Set<string>;
  /** Mapped again (a loop) while still mapped on the same path. */
  remappedWhileLive: boolean;
  /** Dereferenced or passed on after being unmapped. */
  readonly usedAfterUnmap: SyntaxNode[];
  /** Any read of a holder after the unmap, before it is assigned again (its value still matters). */
  readonly readAfterUnmap: SyntaxNode[];
  /** The page expression's variables changed while mapped (kunmap(page) may then name another page). */
  readonly pageChanged: SyntaxNode[];
  /** Under `&&`, `||` or `?:`: may not run. */
  conditional: boolean;
}

export interface UnmapFacts {
  readonly site: UnmapSite;
  reached: boolean;
  /** Map sites this unmap ended on some path. */
  readonly pairs: Set<number>;
  /** Why it unmapped nothing mapped here, on some path. */
  unpaired?: 'not-a-mapping' | 'already-unmapped' | 'page-changed';
  /** Ended a mapping of another family (kunmap_atomic() of a kmap_local_page() address...). */
  readonly familyMismatch: Set<number>;
  /** LIFO violations: the mapping unmapped was not the newest live one. */
  readonly lifo: { readonly unmapped: number; readonly top: number }[];
  /** Distinct stacks of live mappings (map indices, oldest first) when this unmap ran. */
  readonly stacks: Set<string>;
  /** kunmap(page): per path, the variables holding an address in the paired mapping, with their offset. */
  readonly holdersPerPath: Map<string, OffsetKind>[];
  /** The address given is provably below the mapping's start: the assignment that moved it (`offset += len` after `addr = map + offset`). */
  outside?: SyntaxNode;
  /** kunmap() was given the mapped address instead of the page (a bug: it takes the page). */
  addressGiven: boolean;
  /** The map sites whose address kunmap() was given. */
  readonly addressOf: Set<number>;
  conditional: boolean;
}

export interface CallVisit {
  visits: number;
  /** Visits with each map site live. */
  readonly live: Map<number, number>;
  /** Visits inside an explicit atomic section / with pagefault_disable() in force. */
  atomic: number;
  pagefaultOff: number;
}

export interface KmapAnalysis {
  readonly fn: SyntaxNode;
  readonly cfg: Cfg;
  readonly scope: FunctionScope;
  /** Reasons the analysis cannot be trusted: parse errors, unsupported flow, budget exhausted. */
  readonly problems: readonly CfgProblem[];
  readonly exhausted: boolean;
  readonly maps: readonly MapFacts[];
  readonly unmaps: readonly UnmapFacts[];
  /** Per call node id (every call in the function). */
  readonly calls: ReadonlyMap<number, CallVisit>;
  mapAt(call: SyntaxNode): MapFacts | undefined;
  unmapAt(call: SyntaxNode): UnmapFacts | undefined;
  /** Was map site `site` live on every path reaching `call`? */
  alwaysLive(site: number, call: SyntaxNode): boolean;
  /** Was every path reaching `call` inside an explicit atomic section / under pagefault_disable()? */
  alwaysAtomic(call: SyntaxNode): boolean;
  alwaysPagefaultOff(call: SyntaxNode): boolean;
}

