/**
 * Mapping lifetimes in one function, on every path: which map call each
 * unmap ends, whether every mapping is unmapped before the function returns,
 * in LIFO order, which variables (and struct members) hold each mapping and
 * with what offset, where the address flows (stored, returned, passed on,
 * used after unmap), and which calls run while it is mapped, with the
 * explicit atomic state (locks, IRQs off, pagefault_disable()) at each.
 *
 * Built on the path-sensitive exploration of src/analyze/flow: each path
 * carries the stack of live mappings and the variables holding them, so
 * error paths, loops and conditional mappings are followed exactly. A
 * condition tested twice (`if (highmem) map ... if (highmem) unmap`, or the
 * same `#ifdef` twice) is remembered between the tests while nothing it
 * reads changes.
 */
import type { SyntaxNode } from '../../core/syntax.js';
import { buildCfg, tokenText, type Cfg, type CfgEdge, type CfgNode, type CfgProblem } from '../flow/cfg.js';
import { cfgNodeEvents, type FlowEvent } from '../flow/events.js';
import { explorePaths, type PathClient } from '../flow/explore.js';
import { functionScope, type FunctionScope } from '../flow/locals.js';
import { describeLvalue, type LvalueKind } from '../flow/lvalues.js';
import { callArguments, unparen } from '../syntax.js';
import { MAP_APIS, UNMAP_APIS, type MapApi, type UnmapApi } from './apis.js';
import { isInPageOffset } from './bounds.js';
import { PURE_PREDICATES, callRole, type CallRole } from './calls.js';

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

const OFFSET_RANK: Record<OffsetKind, number> = { zero: 0, 'in-page': 1, offset: 2, moved: 3 };

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

interface Held {
  readonly site: number;
  readonly offset: OffsetKind;
}

interface KState {
  readonly stack: readonly number[];
  readonly vars: ReadonlyMap<string, Held>;
  readonly dead: ReadonlyMap<string, number>;
  readonly stale: readonly number[];
  readonly facts: ReadonlyMap<string, boolean>;
  readonly atomic: number;
  readonly pagefault: number;
  /** Locals known to hold NULL (assigned NULL or 0 and not since). */
  readonly nulls: readonly string[];
}

const MAX_DEPTH = 8;

interface FactInfo {
  readonly trackable: boolean;
  /** Variables the condition reads. */
  readonly ids: readonly string[];
  /** Reads memory (fields, derefs): any call may change it. */
  readonly volatile: boolean;
}

export function analyzeKmapFunction(fn: SyntaxNode, budget?: number): KmapAnalysis {
  const cfg = buildCfg(fn);
  const scope = functionScope(fn);
  const maps: MapFacts[] = [];
  const unmaps: UnmapFacts[] = [];
  const mapByCall = new Map<number, MapFacts>();
  const unmapByCall = new Map<number, UnmapFacts>();
  const body = fn.childForFieldName('body');
  for (const call of body?.descendantsOfType('call_expression') ?? []) {
    const callee = call.childForFieldName('function');
    if (callee?.type !== 'identifier') continue;
    const mapApi = MAP_APIS.get(callee.text);
    const unmapApi = UNMAP_APIS.get(callee.text);
    const args = callArguments(call);
    if (mapApi) {
      const page = args[mapApi.pageArg];
      const facts: MapFacts = {
        site: { index: maps.length, call, callee, api: mapApi, ...(page ? { page } : {}) },
        reached: false,
        unmaps: new Set(),
        leaks: new Map(),
        escapes: [],
        regionCalls: new Map(),
        heldIn: new Set(),
        remappedWhileLive: false,
        usedAfterUnmap: [],
        readAfterUnmap: [],
        pageChanged: [],
        conditional: false,
      };
      maps.push(facts);
      mapByCall.set(call.id, facts);
    } else if (unmapApi) {
      const arg = args[unmapApi.arg];
      const facts: UnmapFacts = {
        site: { index: unmaps.length, call, callee, api: unmapApi, ...(arg ? { arg } : {}) },
        reached: false,
        pairs: new Set(),
        familyMismatch: new Set(),
        lifo: [],
        stacks: new Set(),
        holdersPerPath: [],
        addressGiven: false,
        addressOf: new Set(),
        conditional: false,
      };
      unmaps.push(facts);
      unmapByCall.set(call.id, facts);
    }
  }
  const pageIds = maps.map((m) => (m.site.page ? readNames(m.site.page) : []));
  const factInfo = new Map<string, FactInfo>();
  const calls = new Map<number, CallVisit>();

  const factOf = (cond: SyntaxNode, key: string): FactInfo => {
    let info = factInfo.get(key);
    if (!info) {
      info = describeCondition(cond, scope);
      factInfo.set(key, info);
    }
    return info;
  };

  const client: PathClient<KState> = {
    initial: { stack: [], vars: new Map(), dead: new Map(), stale: [], facts: new Map(), atomic: 0, pagefault: 0, nulls: [] },
    key: stateKey,
    transfer(node: CfgNode, state: KState): KState {
      if (maps.length === 0 && unmaps.length === 0) return state;
      let s = state;
      const values = new Map<number, Held>();
      for (const ev of cfgNodeEvents(node)) s = step(ev, s, values);
      if ((node.kind === 'eval' && node.isReturn) || node.kind === 'end') {
        for (const site of s.stack) {
          const where = node.kind === 'end' ? node.syntax! : node.syntax!;
          maps[site]!.leaks.set(where.id, where);
        }
      }
      return s;
    },
    follow(_from: CfgNode, edge: CfgEdge, input: KState): KState | undefined {
      const a = edge.assume;
      if (!a) return input;
      const state = input;
      // `if (p)`, `if (!p)`, `if (p == NULL)`: a pointer known to be NULL cannot be non-NULL,
      // and one holding a mapping cannot be NULL (kmap*() never returns NULL).
      const test = a.preprocessor ? undefined : nullTest(a.cond, a.value);
      if (test) {
        if (!test.isNull && state.nulls.includes(test.name)) return undefined;
        if (test.isNull && state.vars.has(test.name)) return undefined;
      }
      const known = state.facts.get(a.key);
      if (known !== undefined) return known === a.value ? state : undefined;
      if ((cfg.conditionCount.get(a.key) ?? 0) < 2) return state;
      if (!a.preprocessor && !factOf(a.cond, a.key).trackable) return state;
      const facts = new Map(state.facts);
      facts.set(a.key, a.value);
      return { ...state, facts };
    },
  };

  function evalHeld(expr: SyntaxNode | undefined, s: KState, values: ReadonlyMap<number, Held>): Held | undefined {
    if (!expr) return undefined;
    const n = stripValue(expr);
    switch (n.type) {
      case 'identifier':
        return s.vars.get(n.text);
      case 'field_expression':
        return s.vars.get(tokenText(n));
      case 'call_expression':
        return values.get(n.id);
      case 'assignment_expression':
        return evalHeld(n.childForFieldName('right') ?? undefined, s, values);
      case 'comma_expression':
        return evalHeld(n.childForFieldName('right') ?? undefined, s, values);
      case 'binary_expression': {
        const op = n.childForFieldName('operator')?.type;
        if (op !== '+' && op !== '-') return undefined;
        const left = n.childForFieldName('left')!;
        const right = n.childForFieldName('right')!;
        const l = evalHeld(left, s, values);
        if (l) return { site: l.site, offset: addOffset(l.offset, op, right) };
        const r = op === '+' ? evalHeld(right, s, values) : undefined;
        return r ? { site: r.site, offset: addOffset(r.offset, op, left) } : undefined;
      }
      case 'pointer_expression': {
        if (n.child(0)?.type !== '&') return undefined;
        let arg = n.childForFieldName('argument');
        while (arg && arg.type === 'parenthesized_expression') arg = arg.namedChildren[0] ?? null;
        if (arg?.type === 'subscript_expression') {
          const base = evalHeld(arg.childForFieldName('argument') ?? undefined, s, values);
          return base ? { site: base.site, offset: base.offset === 'zero' ? 'offset' : 'moved' } : undefined;
        }
        return undefined;
      }
      default:
        return undefined;
    }
  }

  function recordCall(ev: Extract<FlowEvent, { kind: 'call' }>, s: KState, role: CallRole | undefined): void {
    let visit = calls.get(ev.node.id);
    if (!visit) calls.set(ev.node.id, (visit = { visits: 0, live: new Map(), atomic: 0, pagefaultOff: 0 }));
    visit.visits++;
    if (s.atomic > 0) visit.atomic++;
    if (s.pagefault > 0) visit.pagefaultOff++;
    for (const site of s.stack) {
      visit.live.set(site, (visit.live.get(site) ?? 0) + 1);
      const m = maps[site]!;
      if (!m.regionCalls.has(ev.node.id)) m.regionCalls.set(ev.node.id, { call: ev.node, name: ev.name ?? '', ...(role ? { role } : {}), conditional: ev.conditional });
    }
  }

  function step(ev: FlowEvent, s: KState, values: Map<number, Held>): KState {
    switch (ev.kind) {
      case 'call': {
        const name = ev.name;
        const mapFacts = mapByCall.get(ev.node.id);
        if (mapFacts) {
          // kmap() may sleep: it matters inside an atomic region.
          if (mapFacts.site.api.family === 'kmap') recordCall(ev, s, 'sleeps');
          const site = mapFacts.site.index;
          mapFacts.reached = true;
          if (ev.conditional) mapFacts.conditional = true;
          values.set(ev.node.id, { site, offset: 'zero' });
          if (s.stack.includes(site)) {
            mapFacts.remappedWhileLive = true;
            return s;
          }
          return { ...s, stack: [...s.stack, site], stale: s.stale.filter((x) => x !== site) };
        }
        const unmapFacts = unmapByCall.get(ev.node.id);
        if (unmapFacts) return unmap(unmapFacts, ev.conditional, s, values);
        const role = name ? callRole(name, ev.node) : undefined;
        recordCall(ev, s, role);
        // Addresses passed to a call: the callee may keep them.
        const args = callArguments(ev.node);
        args.forEach((arg, i) => {
          const held = evalHeld(arg, s, values);
          if (held) maps[held.site]!.escapes.push({ kind: 'passed', node: ev.node, ...(name ? { callee: name } : {}), argIndex: i });
          const a = stripValue(arg);
          if (a.type === 'pointer_expression' && a.child(0)?.type === '&') {
            const target = a.childForFieldName('argument');
            const key = target ? lvalueKey(target) : undefined;
            const h = key ? s.vars.get(key) : undefined;
            if (h) maps[h.site]!.escapes.push({ kind: 'address-taken', node: a });
          }
        });
        let next = s;
        if (role === 'atomic-enter') next = { ...next, atomic: Math.min(next.atomic + 1, MAX_DEPTH) };
        else if (role === 'atomic-exit') next = { ...next, atomic: Math.max(next.atomic - 1, 0) };
        else if (role === 'pagefault-disable') next = { ...next, pagefault: Math.min(next.pagefault + 1, MAX_DEPTH) };
        else if (role === 'pagefault-enable') next = { ...next, pagefault: Math.max(next.pagefault - 1, 0) };
        if (!name || !PURE_PREDICATES.has(name)) next = dropFacts(next, (info) => info.volatile);
        return next;
      }
      case 'assign': {
        const lv = describeLvalue(ev.target, scope);
        const value = ev.value ? evalHeld(ev.value, s, values) : undefined;
        const vars = new Map(s.vars);
        let dead = s.dead;
        const key = lv.key;
        if (ev.operator === '=' || ev.operator === 'decl') {
          if (key) {
            for (const k of [...vars.keys()]) if (k === key || isMemberOf(k, key)) vars.delete(k);
            if (value) {
              vars.set(key, value);
              maps[value.site]!.heldIn.add(key);
            }
            if (dead.has(key)) {
              const d = new Map(dead);
              d.delete(key);
              dead = d;
            }
          }
          if (value && lv.kind !== 'local') {
            maps[value.site]!.escapes.push({ kind: 'stored', into: lv.kind, node: ev.node, target: tokenText(ev.target) });
          }
        } else if (key) {
          const held = vars.get(key);
          if (held) vars.set(key, { site: held.site, offset: 'moved' });
        }
        // A live mapping's page expression changes: kunmap(page) may no longer name it.
        let stale = s.stale;
        const changed = lv.root ?? key;
        if (changed) {
          for (const site of s.stack) {
            if (pageIds[site]!.some((id) => id === changed || id === key || (key !== undefined && isMemberOf(id, key)))) {
              if (!stale.includes(site)) stale = [...stale, site].sort((a, b) => a - b);
              maps[site]!.pageChanged.push(ev.node);
            }
          }
        }
        let nulls = s.nulls;
        if (key && lv.kind === 'local') {
          const isNull = (ev.operator === '=' || ev.operator === 'decl') && ev.value !== undefined && isNullLiteral(ev.value);
          if (isNull && !nulls.includes(key)) nulls = [...nulls, key].sort();
          else if (!isNull && nulls.includes(key)) nulls = nulls.filter((x) => x !== key);
        }
        let next: KState = { ...s, vars, dead, stale, nulls };
        if (changed) next = dropFacts(next, (info) => info.ids.includes(changed) || (key !== undefined && info.ids.includes(key)));
        return next;
      }
      case 'read': {
        const site = s.dead.get(ev.node.text);
        if (site !== undefined) {
          maps[site]!.readAfterUnmap.push(ev.node);
          if (isDereferencingUse(ev.node)) maps[site]!.usedAfterUnmap.push(ev.node);
        }
        return s;
      }
      case 'return': {
        const held = evalHeld(ev.value, s, values);
        if (held) maps[held.site]!.escapes.push({ kind: 'returned', node: ev.node });
        return s;
      }
    }
  }

  function unmap(u: UnmapFacts, conditional: boolean, s: KState, values: ReadonlyMap<number, Held>): KState {
    u.reached = true;
    if (conditional) u.conditional = true;
    const arg = u.site.arg;
    let site: number | undefined;
    if (u.site.api.takes === 'address') {
      const held = evalHeld(arg, s, values);
      if (!held) {
        u.unpaired ??= 'not-a-mapping';
        return s;
      }
      if (!s.stack.includes(held.site)) {
        u.unpaired ??= 'already-unmapped';
        return s;
      }
      site = held.site;
    } else {
      const given = evalHeld(arg, s, values);
      if (given) {
        u.addressGiven = true;
        u.addressOf.add(given.site);
        u.unpaired ??= 'not-a-mapping';
        return s;
      }
      const text = arg ? tokenText(unparen(arg)) : '';
      const candidates = [...s.stack].reverse().filter((x) => maps[x]!.site.api.family === 'kmap' && maps[x]!.site.page && tokenText(unparen(maps[x]!.site.page!)) === text);
      site = candidates.find((x) => !s.stale.includes(x));
      if (site === undefined) {
        u.unpaired ??= candidates.length > 0 ? 'page-changed' : 'not-a-mapping';
        return s;
      }
      const holders = new Map<string, OffsetKind>();
      for (const [k, h] of s.vars) if (h.site === site) holders.set(k, h.offset);
      u.holdersPerPath.push(holders);
    }
    u.stacks.add(s.stack.join(','));
    const top = s.stack[s.stack.length - 1]!;
    if (top !== site && !u.lifo.some((l) => l.unmapped === site && l.top === top)) u.lifo.push({ unmapped: site, top });
    if (maps[site]!.site.api.family !== u.site.api.family) u.familyMismatch.add(site);
    u.pairs.add(site);
    maps[site]!.unmaps.add(u.site.index);
    const vars = new Map(s.vars);
    const dead = new Map(s.dead);
    for (const [k, h] of s.vars) {
      if (h.site !== site) continue;
      vars.delete(k);
      dead.set(k, site);
    }
    return { ...s, stack: s.stack.filter((x) => x !== site), vars, dead, stale: s.stale.filter((x) => x !== site) };
  }

  function dropFacts(s: KState, drop: (info: FactInfo) => boolean): KState {
    if (s.facts.size === 0) return s;
    let facts: Map<string, boolean> | undefined;
    for (const k of s.facts.keys()) {
      const info = factInfo.get(k);
      if (!info || !drop(info)) continue;
      facts ??= new Map(s.facts);
      facts.delete(k);
    }
    return facts ? { ...s, facts } : s;
  }

  const exploration = maps.length + unmaps.length > 0 ? explorePaths(cfg, client, budget) : { exhausted: false };
  const visitOf = (call: SyntaxNode) => calls.get(call.id);
  return {
    fn,
    cfg,
    scope,
    problems: cfg.problems,
    exhausted: exploration.exhausted,
    maps,
    unmaps,
    calls,
    mapAt: (call) => mapByCall.get(call.id),
    unmapAt: (call) => unmapByCall.get(call.id),
    alwaysLive: (site, call) => {
      const v = visitOf(call);
      return v !== undefined && v.visits > 0 && (v.live.get(site) ?? 0) === v.visits;
    },
    alwaysAtomic: (call) => {
      const v = visitOf(call);
      return v !== undefined && v.visits > 0 && v.atomic === v.visits;
    },
    alwaysPagefaultOff: (call) => {
      const v = visitOf(call);
      return v !== undefined && v.visits > 0 && v.pagefaultOff === v.visits;
    },
  };
}

/** Parentheses and casts do not change which mapping a pointer belongs to. */
function stripValue(node: SyntaxNode): SyntaxNode {
  let n = node;
  for (;;) {
    if (n.type === 'parenthesized_expression' && n.namedChildCount >= 1) n = n.namedChildren.filter((c) => c.type !== 'comment').at(-1)!;
    else if (n.type === 'cast_expression' && n.childForFieldName('value')) n = n.childForFieldName('value')!;
    else return n;
  }
}

function isNullLiteral(node: SyntaxNode): boolean {
  const n = stripValue(node);
  return (n.type === 'null' || (n.type === 'identifier' && n.text === 'NULL') || (n.type === 'number_literal' && /^0+[uUlL]*$/.test(n.text)));
}

/**
 * Does this edge say a plain variable is NULL (or not)? `value` is the truth,
 * on the edge, of `cond` with its leading `!` stripped (see conditionKey).
 */
function nullTest(cond: SyntaxNode, value: boolean): { name: string; isNull: boolean } | undefined {
  const isNot = (x: SyntaxNode) => x.type === 'unary_expression' && x.child(0)?.type === '!' && x.childForFieldName('argument') !== null;
  let n = unparen(cond);
  let truth = value;
  while (isNot(n)) n = unparen(n.childForFieldName('argument')!);
  // likely()/unlikely() are transparent; a `!` inside them was not folded into `value`.
  while (n.type === 'call_expression' && ['likely', 'unlikely'].includes(n.childForFieldName('function')?.text ?? '') && callArguments(n).length === 1) {
    n = unparen(callArguments(n)[0]!);
    while (isNot(n)) {
      truth = !truth;
      n = unparen(n.childForFieldName('argument')!);
    }
  }
  if (n.type === 'identifier') return { name: n.text, isNull: !truth };
  if (n.type === 'binary_expression') {
    const op = n.childForFieldName('operator')?.type;
    if (op !== '==' && op !== '!=') return undefined;
    const left = unparen(n.childForFieldName('left')!);
    const right = unparen(n.childForFieldName('right')!);
    const [id, other] = left.type === 'identifier' && isNullLiteral(right) ? [left, right] : right.type === 'identifier' && isNullLiteral(left) ? [right, left] : [undefined, undefined];
    if (!id || !other) return undefined;
    return { name: id.text, isNull: op === '==' ? truth : !truth };
  }
  return undefined;
}

function addOffset(base: OffsetKind, op: string, by: SyntaxNode): OffsetKind {
  if (op === '-' || base !== 'zero') return 'moved';
  const lit = unparen(by);
  if (lit.type === 'number_literal' && /^0+[uUlL]*$/.test(lit.text)) return 'zero';
  return isInPageOffset(by) ? 'in-page' : 'offset';
}

function lvalueKey(node: SyntaxNode): string | undefined {
  const n = unparen(node);
  if (n.type === 'identifier') return n.text;
  if (n.type === 'field_expression') return tokenText(n);
  return undefined;
}

/** `a->b` and `a.b.c` are members of `a`. */
function isMemberOf(key: string, of: string): boolean {
  return key.startsWith(`${of} ->`) || key.startsWith(`${of} .`);
}

/** Variable names and member paths an expression reads (not called function names). */
function readNames(node: SyntaxNode): string[] {
  const out = new Set<string>();
  const visit = (n: SyntaxNode) => {
    if (n.type === 'identifier') {
      const p = n.parent;
      if (p?.type === 'call_expression' && p.childForFieldName('function')?.id === n.id) return;
      out.add(n.text);
      return;
    }
    if (n.type === 'field_expression') out.add(tokenText(n));
    for (const c of n.namedChildren) visit(c);
  };
  visit(node);
  return [...out];
}

/** A read that uses the pointer's target: `*p`, `p[i]`, `p->f`, passing or returning it. */
function isDereferencingUse(id: SyntaxNode): boolean {
  let n = id;
  while (n.parent && (n.parent.type === 'parenthesized_expression' || n.parent.type === 'cast_expression')) n = n.parent;
  const p = n.parent;
  if (!p) return false;
  switch (p.type) {
    case 'pointer_expression':
      return p.child(0)?.type === '*';
    case 'subscript_expression':
      return p.childForFieldName('argument')?.id === n.id;
    case 'field_expression':
      return p.childForFieldName('argument')?.id === n.id && p.children.some((c) => c.type === '->');
    case 'argument_list': {
      const call = p.parent;
      const callee = call?.childForFieldName('function');
      return !(callee?.type === 'identifier' && UNMAP_APIS.has(callee.text));
    }
    case 'return_statement':
      return true;
    case 'binary_expression': {
      // Pointer arithmetic feeding a dereference: *(p + 1).
      const op = p.childForFieldName('operator')?.type;
      return (op === '+' || op === '-') && isDereferencingUse(p);
    }
    default:
      return false;
  }
}

/**
 * Can the truth of `cond` be remembered between two tests? Only if it reads
 * automatic locals whose address is not taken, members, literals, and pure
 * predicates (PageHighMem()...). Members are volatile: any call may change them.
 */
function describeCondition(cond: SyntaxNode, scope: FunctionScope): FactInfo {
  const ids = new Set<string>();
  let trackable = true;
  let volatile = false;
  const visit = (n: SyntaxNode) => {
    switch (n.type) {
      case 'identifier': {
        const p = n.parent;
        if (p?.type === 'call_expression' && p.childForFieldName('function')?.id === n.id) {
          if (!PURE_PREDICATES.has(n.text)) trackable = false;
          return;
        }
        if (/^[A-Z][A-Z0-9_]*$/.test(n.text)) return; // a constant
        if (!scope.isAutomatic(n.text) || scope.addressTaken.has(n.text)) trackable = false;
        ids.add(n.text);
        return;
      }
      case 'field_expression':
        volatile = true;
        ids.add(tokenText(n));
        break;
      case 'pointer_expression':
      case 'subscript_expression':
        volatile = true;
        break;
      case 'assignment_expression':
      case 'update_expression':
        trackable = false;
        return;
      case 'call_expression': {
        const fn = n.childForFieldName('function');
        if (fn?.type !== 'identifier' || !PURE_PREDICATES.has(fn.text)) trackable = false;
        break;
      }
      default:
        break;
    }
    for (const c of n.namedChildren) visit(c);
  };
  visit(cond);
  return { trackable, ids: [...ids], volatile };
}

function stateKey(s: KState): string {
  const vars = [...s.vars].map(([k, h]) => `${k}=${h.site}${h.offset[0]}`).sort().join(';');
  const dead = [...s.dead].map(([k, v]) => `${k}=${v}`).sort().join(';');
  const facts = [...s.facts].map(([k, v]) => `${v ? '+' : '-'}${k}`).sort().join(';');
  return `${s.stack.join(',')}|${vars}|${dead}|${s.stale.join(',')}|${facts}|${s.atomic}|${s.pagefault}|${s.nulls.join(',')}`;
}

export { OFFSET_RANK };
