/**
 * Mapping lifetimes in one function, on every path: which map call each
 * unmap ends, whether every mapping is unmapped before the function returns,
 * in LIFO order, which variables (and struct members) hold each mapping and
 * with what offset, where the address flows (stored, returned, passed on,
 * used after unmap), and which calls run while it is mapped, with the
 * explicit atomic state (locks, IRQs off, pagefault_disable()) at each.
 *
 * Built on the path-sensitive exploration of src/engine/analyze/flow: each path
 * carries the stack of live mappings and the variables holding them, so
 * error paths, loops and conditional mappings are followed exactly. A
 * condition tested twice (`if (highmem) map ... if (highmem) unmap`, or the
 * same `#ifdef` twice) is remembered between the tests while nothing it
 * reads changes.
 */
import type { SyntaxNode } from '../../../core/syntax.js';
import { buildCfg, tokenText, type Cfg, type CfgEdge, type CfgNode } from '../../../engine/analyze/flow/cfg.js';
import { cfgNodeEvents, type FlowEvent } from '../../../engine/analyze/flow/events.js';
import { explorePaths, type PathClient } from '../../../engine/analyze/flow/explore.js';
import { functionScope, type FunctionScope } from '../../../engine/analyze/flow/locals.js';
import { describeLvalue } from '../../../engine/analyze/flow/lvalues.js';
import { callArguments, unparen } from '../../../engine/analyze/syntax.js';
import { MAP_APIS, UNMAP_APIS } from './apis.js';
import { PURE_PREDICATES, callRole, type CallRole } from './calls.js';
import { addOffset, describeCondition, isDereferencingUse, isMemberOf, isNullLiteral, lvalueKey, nullTest, readNames, stripValue, type FactInfo } from './expressions.js';
import type { CallVisit, KmapAnalysis, MapFacts, OffsetKind, UnmapFacts } from './facts.js';

export * from './facts.js';

interface Held {
  readonly site: number;
  readonly offset: OffsetKind;
  /**
   * The address as the map call's result plus and minus these expressions,
   * when it was built by + and - alone (for `unmap-address-outside-mapping`).
   */
  readonly terms?: readonly Term[];
  /** A variable added by a `+` term has grown since (`offset += len`): the assignment. */
  readonly grown?: SyntaxNode;
}

/** One operand of the + and - chain that built an address. */
interface Term {
  readonly sign: '+' | '-';
  readonly text: string;
  /** Variables and member paths it reads (an assignment to one makes the chain unknown). */
  readonly ids: readonly string[];
}

/** One operand (`node`) of the + or - expression `parent`. */
function termOf(sign: '+' | '-', node: SyntaxNode, parent: SyntaxNode): Term {
  const ids = new Set(readNames(node, parent));
  for (const id of node.descendantsOfType('identifier')) ids.add(id.text);
  if (node.type === 'identifier') ids.add(node.text);
  return { sign, text: tokenText(unparen(node)), ids: [...ids] };
}

/** `+t` and `-t` cancel; what is left of the chain. */
function cancelTerms(terms: readonly Term[]): Term[] {
  const left: Term[] = [];
  for (const t of terms) {
    const i = left.findIndex((x) => x.text === t.text && x.sign !== t.sign);
    if (i >= 0) left.splice(i, 1);
    else left.push(t);
  }
  return left;
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

/** What one function's analysis accumulates while its paths are explored. */
interface Walk {
  readonly cfg: Cfg;
  readonly scope: FunctionScope;
  readonly maps: MapFacts[];
  readonly unmaps: UnmapFacts[];
  readonly mapByCall: Map<number, MapFacts>;
  readonly unmapByCall: Map<number, UnmapFacts>;
  /** The names each map call's page expression reads. */
  readonly pageIds: readonly string[][];
  readonly factInfo: Map<string, FactInfo>;
  readonly calls: Map<number, CallVisit>;
  /** Each CFG node's flow events, read once (paths pass a node many times). */
  readonly events: Map<CfgNode, readonly FlowEvent[]>;
}

export function analyzeKmapFunction(fn: SyntaxNode, budget?: number): KmapAnalysis {
  const cfg = buildCfg(fn);
  const scope = functionScope(fn);
  const { maps, unmaps, mapByCall, unmapByCall } = collectSites(fn);
  const walk: Walk = {
    cfg,
    scope,
    maps,
    unmaps,
    mapByCall,
    unmapByCall,
    pageIds: maps.map((m) => (m.site.page ? readNames(m.site.page, m.site.call.childForFieldName('arguments') ?? undefined) : [])),
    factInfo: new Map(),
    calls: new Map(),
    events: new Map(),
  };
  const exploration = maps.length + unmaps.length > 0 ? explorePaths(cfg, pathClient(walk), budget) : { exhausted: false };
  return analysisOf(fn, walk, exploration.exhausted);
}

/** Which calls in the body are map and unmap calls: one fact record for each. */
function collectSites(fn: SyntaxNode): Pick<Walk, 'maps' | 'unmaps' | 'mapByCall' | 'unmapByCall'> {
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
    if (mapApi) {
      const page = callArguments(call)[mapApi.pageArg];
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
      const arg = callArguments(call)[unmapApi.arg];
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
  return { maps, unmaps, mapByCall, unmapByCall };
}

/** What a tested condition reads and whether it can be remembered (computed once per condition). */
function factOf(w: Walk, cond: SyntaxNode, key: string): FactInfo {
  let info = w.factInfo.get(key);
  if (!info) {
    info = describeCondition(cond, w.scope);
    w.factInfo.set(key, info);
  }
  return info;
}

/** How a path's state moves through a CFG node and along an edge. */
function pathClient(w: Walk): PathClient<KState> {
  const { cfg, maps, unmaps } = w;
  return {
    initial: { stack: [], vars: new Map(), dead: new Map(), stale: [], facts: new Map(), atomic: 0, pagefault: 0, nulls: [] },
    key: stateKey,
    transfer(node: CfgNode, state: KState): KState {
      if (maps.length === 0 && unmaps.length === 0) return state;
      let s = state;
      const values = new Map<number, Held>();
      let events = w.events.get(node);
      if (!events) w.events.set(node, (events = cfgNodeEvents(node)));
      for (const ev of events) s = step(w, ev, s, values);
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
      if (!a.preprocessor && !factOf(w, a.cond, a.key).trackable) return state;
      const facts = new Map(state.facts);
      facts.set(a.key, a.value);
      return { ...state, facts };
    },
  };
}

/** Which mapping (and at what offset) an expression's value is, on this path. */
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
      if (l) return { site: l.site, offset: addOffset(l.offset, op, right), ...(l.terms ? { terms: [...l.terms, termOf(op, right, n)] } : {}), ...(l.grown ? { grown: l.grown } : {}) };
      const r = op === '+' ? evalHeld(right, s, values) : undefined;
      return r ? { site: r.site, offset: addOffset(r.offset, op, left), ...(r.terms ? { terms: [...r.terms, termOf('+', left, n)] } : {}), ...(r.grown ? { grown: r.grown } : {}) } : undefined;
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

/** The mapped addresses an argument may carry: its value, or either value of a `?:` (`tail ? tail : NULL`). */
function passedHeld(arg: SyntaxNode, s: KState, values: ReadonlyMap<number, Held>): Held[] {
  const held = evalHeld(arg, s, values);
  if (held) return [held];
  const n = stripValue(arg);
  if (n.type !== 'conditional_expression') return [];
  return [n.childForFieldName('consequence'), n.childForFieldName('alternative')].flatMap((x) => (x ? passedHeld(x, s, values) : []));
}

/** Which mappings are live and what atomic state holds at a call, on this path. */
function recordCall(w: Walk, ev: Extract<FlowEvent, { kind: 'call' }>, s: KState, role: CallRole | undefined): void {
  let visit = w.calls.get(ev.node.id);
  if (!visit) w.calls.set(ev.node.id, (visit = { visits: 0, live: new Map(), atomic: 0, pagefaultOff: 0 }));
  visit.visits++;
  if (s.atomic > 0) visit.atomic++;
  if (s.pagefault > 0) visit.pagefaultOff++;
  for (const site of s.stack) {
    visit.live.set(site, (visit.live.get(site) ?? 0) + 1);
    const m = w.maps[site]!;
    if (!m.regionCalls.has(ev.node.id)) m.regionCalls.set(ev.node.id, { call: ev.node, name: ev.name ?? '', ...(role ? { role } : {}), conditional: ev.conditional });
  }
}

/** How one flow event changes the path's state. */
function step(w: Walk, ev: FlowEvent, s: KState, values: Map<number, Held>): KState {
  switch (ev.kind) {
    case 'call':
      return stepCall(w, ev, s, values);
    case 'assign':
      return stepAssign(w, ev, s, values);
    case 'read': {
      const site = s.dead.get(ev.node.text);
      if (site !== undefined) {
        w.maps[site]!.readAfterUnmap.push(ev.node);
        if (isDereferencingUse(ev.node)) w.maps[site]!.usedAfterUnmap.push(ev.node);
      }
      return s;
    }
    case 'return': {
      const held = evalHeld(ev.value, s, values);
      if (held) w.maps[held.site]!.escapes.push({ kind: 'returned', node: ev.node });
      return s;
    }
  }
}

/** A call: a map pushes a mapping, an unmap ends one, any other call may take an address or change the atomic state. */
function stepCall(w: Walk, ev: Extract<FlowEvent, { kind: 'call' }>, s: KState, values: Map<number, Held>): KState {
  const { maps } = w;
  const name = ev.name;
  const mapFacts = w.mapByCall.get(ev.node.id);
  if (mapFacts) {
    // kmap() may sleep: it matters inside an atomic region.
    if (mapFacts.site.api.family === 'kmap') recordCall(w, ev, s, 'sleeps');
    const site = mapFacts.site.index;
    mapFacts.reached = true;
    if (ev.conditional) mapFacts.conditional = true;
    values.set(ev.node.id, { site, offset: 'zero', terms: [] });
    if (s.stack.includes(site)) {
      mapFacts.remappedWhileLive = true;
      return s;
    }
    return { ...s, stack: [...s.stack, site], stale: s.stale.filter((x) => x !== site) };
  }
  const unmapFacts = w.unmapByCall.get(ev.node.id);
  if (unmapFacts) return unmap(w, unmapFacts, ev.conditional, s, values);
  const role = name ? callRole(name, ev.node) : undefined;
  recordCall(w, ev, s, role);
  // Addresses passed to a call: the callee may keep them.
  const args = callArguments(ev.node);
  args.forEach((arg, i) => {
    for (const held of passedHeld(arg, s, values)) maps[held.site]!.escapes.push({ kind: 'passed', node: ev.node, ...(name ? { callee: name } : {}), argIndex: i });
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
  if (!name || !PURE_PREDICATES.has(name)) next = dropFacts(w, next, (info) => info.volatile);
  return next;
}

/** An assignment: which variables now hold a mapping, which chains and pages it invalidates, which locals are NULL. */
function stepAssign(w: Walk, ev: Extract<FlowEvent, { kind: 'assign' }>, s: KState, values: Map<number, Held>): KState {
  const lv = describeLvalue(ev.target, w.scope);
  const value = ev.value ? evalHeld(ev.value, s, values) : undefined;
  const vars = new Map(s.vars);
  const key = lv.key;
  const dead = rebindHolders(w, ev, lv, value, vars, s.dead);
  invalidateTerms(ev, lv.root ?? key, key, vars);
  const changed = lv.root ?? key;
  const stale = staleAfterAssign(w, ev, s, changed, key);
  const nulls = nullsAfterAssign(ev, s.nulls, key, lv.kind);
  let next: KState = { ...s, vars, dead, stale, nulls };
  if (changed) next = dropFacts(w, next, (info) => info.ids.includes(changed) || (key !== undefined && info.ids.includes(key)));
  return next;
}

/** Which variables hold a mapping after the assignment (updates vars), and which unmapped names it revives. */
function rebindHolders(w: Walk, ev: Extract<FlowEvent, { kind: 'assign' }>, lv: ReturnType<typeof describeLvalue>, value: Held | undefined, vars: Map<string, Held>, dead0: ReadonlyMap<string, number>): ReadonlyMap<string, number> {
  let dead = dead0;
  const key = lv.key;
  if (ev.operator === '=' || ev.operator === 'decl') {
    if (key) {
      for (const k of [...vars.keys()]) if (k === key || isMemberOf(k, key)) vars.delete(k);
      if (value) {
        vars.set(key, value);
        w.maps[value.site]!.heldIn.add(key);
      }
      if (dead.has(key)) {
        const d = new Map(dead);
        d.delete(key);
        dead = d;
      }
    }
    if (value && lv.kind !== 'local') {
      w.maps[value.site]!.escapes.push({ kind: 'stored', into: lv.kind, node: ev.node, target: tokenText(ev.target) });
    }
  } else if (key) {
    const held = vars.get(key);
    if (held) vars.set(key, { site: held.site, offset: 'moved' });
  }
  return dead;
}

/** Addresses built from the changed variable: growing a `+` term moves them back at an unmap that subtracts it (updates vars). */
function invalidateTerms(ev: Extract<FlowEvent, { kind: 'assign' }>, changedVar: string | undefined, key: string | undefined, vars: Map<string, Held>): void {
  if (!changedVar) return;
  const grows = (ev.operator === '+=' || ev.operator === '++') && key !== undefined;
  for (const [k, h] of vars) {
    if (!h.terms || k === key || !h.terms.some((t) => t.ids.includes(changedVar) || (key !== undefined && t.ids.includes(key)))) continue;
    const grown = grows && h.terms.every((t) => t.text === key ? t.sign === '+' : !t.ids.includes(changedVar) && !t.ids.includes(key!));
    vars.set(k, grown ? { ...h, grown: h.grown ?? ev.node } : { site: h.site, offset: h.offset });
  }
}

/** A live mapping's page expression changes: kunmap(page) may no longer name it. */
function staleAfterAssign(w: Walk, ev: Extract<FlowEvent, { kind: 'assign' }>, s: KState, changed: string | undefined, key: string | undefined): readonly number[] {
  let stale = s.stale;
  if (changed) {
    for (const site of s.stack) {
      if (w.pageIds[site]!.some((id) => id === changed || id === key || (key !== undefined && isMemberOf(id, key)))) {
        if (!stale.includes(site)) stale = [...stale, site].sort((a, b) => a - b);
        w.maps[site]!.pageChanged.push(ev.node);
      }
    }
  }
  return stale;
}

/** Which locals are known to hold NULL after the assignment. */
function nullsAfterAssign(ev: Extract<FlowEvent, { kind: 'assign' }>, nulls0: readonly string[], key: string | undefined, kind: ReturnType<typeof describeLvalue>['kind']): readonly string[] {
  let nulls = nulls0;
  if (key && kind === 'local') {
    const isNull = (ev.operator === '=' || ev.operator === 'decl') && ev.value !== undefined && isNullLiteral(ev.value);
    if (isNull && !nulls.includes(key)) nulls = [...nulls, key].sort();
    else if (!isNull && nulls.includes(key)) nulls = nulls.filter((x) => x !== key);
  }
  return nulls;
}

/** Which live mapping an unmap call ends on this path (or why it ends none), and the state after it. */
function unmap(w: Walk, u: UnmapFacts, conditional: boolean, s: KState, values: ReadonlyMap<number, Held>): KState {
  const { maps } = w;
  u.reached = true;
  if (conditional) u.conditional = true;
  const site = u.site.api.takes === 'address' ? unmappedByAddress(u, s, values) : unmappedByPage(w, u, s, values);
  if (site === undefined) return s;
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

/** kunmap_local(addr) and kunmap_atomic(addr): which live mapping the address is in (undefined: unpaired). */
function unmappedByAddress(u: UnmapFacts, s: KState, values: ReadonlyMap<number, Held>): number | undefined {
  const held = evalHeld(u.site.arg, s, values);
  if (!held) {
    u.unpaired ??= 'not-a-mapping';
    return undefined;
  }
  if (!s.stack.includes(held.site)) {
    u.unpaired ??= 'already-unmapped';
    return undefined;
  }
  if (held.grown && held.terms) {
    const left = cancelTerms(held.terms);
    // Every term cancelled, among them the grown one: the address is the mapping's start minus the growth.
    if (left.length === 0) u.outside ??= held.grown;
  }
  return held.site;
}

/** kunmap(page): which live kmap() of the same page expression it ends (undefined: unpaired). */
function unmappedByPage(w: Walk, u: UnmapFacts, s: KState, values: ReadonlyMap<number, Held>): number | undefined {
  const { maps } = w;
  const arg = u.site.arg;
  const given = evalHeld(arg, s, values);
  if (given) {
    u.addressGiven = true;
    u.addressOf.add(given.site);
    u.unpaired ??= 'not-a-mapping';
    return undefined;
  }
  const text = arg ? tokenText(unparen(arg)) : '';
  const candidates = [...s.stack].reverse().filter((x) => maps[x]!.site.api.family === 'kmap' && maps[x]!.site.page && tokenText(unparen(maps[x]!.site.page!)) === text);
  const site = candidates.find((x) => !s.stale.includes(x));
  if (site === undefined) {
    u.unpaired ??= candidates.length > 0 ? 'page-changed' : 'not-a-mapping';
    return undefined;
  }
  const holders = new Map<string, OffsetKind>();
  for (const [k, h] of s.vars) if (h.site === site) holders.set(k, h.offset);
  u.holdersPerPath.push(holders);
  return site;
}

/** Which remembered conditions an event invalidates: those whose info `drop` accepts. */
function dropFacts(w: Walk, s: KState, drop: (info: FactInfo) => boolean): KState {
  if (s.facts.size === 0) return s;
  let facts: Map<string, boolean> | undefined;
  for (const k of s.facts.keys()) {
    const info = w.factInfo.get(k);
    if (!info || !drop(info)) continue;
    facts ??= new Map(s.facts);
    facts.delete(k);
  }
  return facts ? { ...s, facts } : s;
}

/** The analysis the rules read: the facts gathered and per-call questions over every path. */
function analysisOf(fn: SyntaxNode, w: Walk, exhausted: boolean): KmapAnalysis {
  const { cfg, scope, maps, unmaps, calls, mapByCall, unmapByCall } = w;
  const visitOf = (call: SyntaxNode) => calls.get(call.id);
  return {
    fn,
    cfg,
    scope,
    problems: cfg.problems,
    exhausted,
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

function stateKey(s: KState): string {
  const vars = [...s.vars].map(([k, h]) => `${k}=${h.site}${h.offset[0]}${h.grown ? `g${h.grown.id}` : ''}${h.terms ? `[${h.terms.map((t) => t.sign + t.text).join('')}]` : ''}`).sort().join(';');
  const dead = [...s.dead].map(([k, v]) => `${k}=${v}`).sort().join(';');
  const facts = [...s.facts].map(([k, v]) => `${v ? '+' : '-'}${k}`).sort().join(';');
  return `${s.stack.join(',')}|${vars}|${dead}|${s.stale.join(',')}|${facts}|${s.atomic}|${s.pagefault}|${s.nulls.join(',')}`;
}

