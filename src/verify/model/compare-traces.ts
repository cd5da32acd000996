/**
 * Compare the paths of the old and the new function. Paths pair up by their
 * branch decisions. On each pair the traces must be equal event for event
 * (explicit pagefault/preempt primitives aside, kmap kinds aside, added
 * flush_dcache_page() calls aside, back-to-back unmaps in any order), every context-dependent call must see
 * the same atomic state, and the new path must break no contract the old
 * path kept.
 */
import type { Canon } from './canon.js';
import type { KunmapEvent, ModelEvent } from './events.js';
import type { PathTrace } from './execute.js';
import type { PathViolation } from './path-state.js';
import { CONTRACT_REASONS, reasonRank, REJECTION_REASONS, type RejectionReason } from './reasons.js';
import { showTerm, someSubterm, type Term } from './term.js';

export interface Violation {
  readonly reason: RejectionReason;
  readonly message: string;
  /** Line in the new file. */
  readonly line: number;
  /** The new path's statement lines, in order. */
  readonly path: readonly number[];
}

export function compareFunctionPaths(canon: Canon, oldPaths: readonly PathTrace[], newPaths: readonly PathTrace[]): Violation[] {
  const decisionKeys = new Map<PathTrace, string>();
  const decisionKey = (p: PathTrace) => {
    let k = decisionKeys.get(p);
    if (k === undefined) decisionKeys.set(p, (k = p.decisions.join('\n')));
    return k;
  };
  // Paths that fork share the events before the fork: each event's key is built once.
  const eventKeys = new WeakMap<ModelEvent, string>();
  const keyOf: EventKeyOf = (e) => {
    let k = eventKeys.get(e);
    if (k === undefined) eventKeys.set(e, (k = eventKey(e)));
    return k;
  };
  const byKey = new Map<string, PathTrace>();
  for (const p of oldPaths) byKey.set(decisionKey(p), p);
  const newKeys = new Set(newPaths.map(decisionKey));
  const oldViolationKeys = new Set(oldPaths.flatMap((p) => p.violations.map(violationKey)));
  const out: Violation[] = [];
  const add = (v: Violation) => {
    if (!out.some((x) => x.reason === v.reason && x.line === v.line)) out.push(v);
  };
  for (const n of newPaths) {
    const o = byKey.get(decisionKey(n));
    const oldKeys = o ? new Set(o.violations.map(violationKey)) : oldViolationKeys;
    for (const v of n.violations) {
      if (!oldKeys.has(violationKey(v)) && v.reason in REJECTION_REASONS) add({ reason: v.reason as RejectionReason, message: v.detail, line: v.line, path: n.lines });
    }
    if (!o) {
      add({ reason: 'control-flow-changed', message: `the new code has a path the old code does not (decisions: ${describeDecisions(n.decisions)})`, line: n.lines[n.lines.length - 1] ?? 0, path: n.lines });
      continue;
    }
    for (const v of compareTraces(canon, o, n, keyOf)) add(v);
  }
  for (const o of oldPaths) {
    if (newKeys.has(decisionKey(o))) continue;
    add({ reason: 'control-flow-changed', message: `a path of the old code is gone (decisions: ${describeDecisions(o.decisions)})`, line: 0, path: [] });
    break;
  }
  return out.sort((a, b) => reasonRank(a.reason) - reasonRank(b.reason) || a.line - b.line);
}

function violationKey(v: PathViolation): string {
  return `${v.reason}|${v.subject}`;
}

function describeDecisions(d: readonly string[]): string {
  if (d.length === 0) return 'none';
  const s = d.join('; ');
  return s.length > 200 ? `${s.slice(0, 200)}...` : s;
}

const COMPARED = (e: ModelEvent) => e.k !== 'context' && e.k !== 'flush';

/**
 * Unmaps of different mappings with nothing between them commute: the order
 * of two back-to-back kunmap*() calls is not observable (the LIFO contract
 * is checked on each side by itself). Each run of adjacent unmaps whose
 * mappings are resolved and distinct is put in one canonical order (by
 * mapping), so reordering them to restore LIFO compares equal. Any other
 * event between two unmaps (an access, a call, a context change, a flush)
 * ends the run, so moving an unmap across it is still a difference.
 */
export function commuteAdjacentUnmaps(events: readonly ModelEvent[]): ModelEvent[] {
  const out = [...events];
  const resolved = (e: ModelEvent | undefined) => e?.k === 'kunmap' && e.target !== undefined;
  for (let i = 0; i < out.length; ) {
    if (!resolved(out[i])) {
      i++;
      continue;
    }
    let j = i + 1;
    while (j < out.length && resolved(out[j])) j++;
    const run = out.slice(i, j) as KunmapEvent[];
    if (new Set(run.map((e) => e.target)).size === run.length) {
      run.sort((x, y) => x.target! - y.target!);
      out.splice(i, run.length, ...run);
    }
    i = j;
  }
  return out;
}

/** An event's comparison key (eventKey), possibly memoised. */
type EventKeyOf = (e: ModelEvent) => string;

function compareTraces(canon: Canon, o: PathTrace, n: PathTrace, keyOf: EventKeyOf): Violation[] {
  const out: Violation[] = [];
  const a = commuteAdjacentUnmaps(o.events).filter(COMPARED);
  const b = commuteAdjacentUnmaps(n.events).filter(COMPARED);
  const at = (e: ModelEvent | undefined, reason: RejectionReason, message: string): Violation => ({ reason, message, line: e?.line ?? n.lines[n.lines.length - 1] ?? 0, path: n.lines });
  const len = Math.max(a.length, b.length);
  let i = 0;
  for (; i < len; i++) {
    const x = a[i];
    const y = b[i];
    if (x && y && keyOf(x) === keyOf(y)) {
      const ctx = contextDifference(x, y);
      if (ctx) out.push(at(y, ctx.reason, ctx.message));
      continue;
    }
    out.push(classifyMismatch(canon, a, b, i, at, keyOf));
    break;
  }
  // Every flush of the old path must still happen (the helpers may add flushes).
  const flushes = new Map<string, number>();
  for (const e of n.events) if (e.k === 'flush') flushes.set(e.page.key, (flushes.get(e.page.key) ?? 0) + 1);
  for (const e of o.events) {
    if (e.k !== 'flush') continue;
    const left = flushes.get(e.page.key) ?? 0;
    if (left === 0) {
      out.push(at(undefined, 'flush-lost', `flush_dcache_page(${showTerm(e.page)}) of old line ${e.line} is gone`));
      break;
    }
    flushes.set(e.page.key, left - 1);
  }
  return out;
}

function eventKey(e: ModelEvent): string {
  switch (e.k) {
    case 'dma-map':
      return `map|${e.dev.key}|${e.phys.key}|${e.size.key}|${e.dir.key}|${e.attrs.key}|${e.mmio}`;
    case 'dma-map-fail':
      return 'map-fail';
    case 'dma-unmap':
      return `unmap|${e.dev.key}|${e.handle.key}|${e.size.key}|${e.dir.key}|${e.attrs.key}|${e.mmio}|${e.noop}`;
    case 'dma-check':
      return `check|${e.dev.key}|${e.handle.key}`;
    case 'dma-sync':
      return `sync|${e.to}|${e.dev.key}|${e.handle.key}|${e.offset.key}|${e.size.key}|${e.dir.key}`;
    case 'kmap':
      return `kmap|${e.page.key}|${e.prot?.key ?? ''}`;
    case 'kunmap':
      return `kunmap|${e.target ?? e.arg.key}`;
    case 'call':
      return `call|${e.api}|${e.args.map((t) => t.key).join(',')}`;
    case 'store':
      return `store|${e.target.key}|${e.value.key}`;
    case 'return':
      return `return|${e.value?.key ?? ''}`;
    case 'block':
      return `block|${e.value.key}`;
    case 'context':
    case 'flush':
      return `${e.k}`;
  }
}

/** The atomic state a context-dependent call sees, old against new. */
function contextDifference(o: ModelEvent, n: ModelEvent): { reason: RejectionReason; message: string } | undefined {
  const effect = n.effect ?? o.effect;
  if (!effect) return undefined;
  const opf = (o.pf ?? 0) > 0;
  const npf = (n.pf ?? 0) > 0;
  const opre = (o.preempt ?? 0) > 0;
  const npre = (n.preempt ?? 0) > 0;
  const what = `${n.api}()`;
  switch (effect) {
    case 'faults':
    case 'pf-query':
      if (opf && !npf) return { reason: 'pagefault-reliance-lost', message: `${what} ran with page faults disabled and now runs with them enabled` };
      if (!opf && npf) return { reason: 'atomic-context-changed', message: `${what} now runs with page faults disabled` };
      if (effect === 'faults' && !npf && npre && !(!opf && opre)) return { reason: 'sleeps-in-atomic', message: `${what} may fault and sleep, and now runs with preemption disabled` };
      return undefined;
    case 'preempt-reliant':
      if (opre && !npre) return { reason: 'preempt-reliance-lost', message: `${what} ran with preemption disabled and now runs preemptible` };
      return undefined;
    case 'preempt-query':
      if (opre !== npre) return { reason: opre ? 'preempt-reliance-lost' : 'atomic-context-changed', message: `${what} now sees preemption ${npre ? 'disabled' : 'enabled'}` };
      return undefined;
    case 'sleeps':
      if (npre && !opre) return { reason: 'sleeps-in-atomic', message: `${what} may sleep and now runs with preemption disabled` };
      return undefined;
  }
}

const MODELLED = new Set(['dma-map', 'dma-map-fail', 'dma-unmap', 'dma-check', 'dma-sync', 'kmap', 'kunmap']);

function classifyMismatch(
  canon: Canon,
  a: readonly ModelEvent[],
  b: readonly ModelEvent[],
  i: number,
  at: (e: ModelEvent | undefined, r: RejectionReason, m: string) => Violation,
  keyOf: EventKeyOf,
): Violation {
  const x = a[i];
  const y = b[i];
  if (x && y && x.k === y.k) {
    const fields = fieldDifference(canon, x, y);
    if (fields) return at(y, fields.reason, fields.message);
  }
  const laterInNew = x ? b.slice(i + 1).some((e) => keyOf(e) === keyOf(x)) : false;
  const laterInOld = y ? a.slice(i + 1).some((e) => keyOf(e) === keyOf(y)) : false;
  const modelled = (e: ModelEvent | undefined) => e !== undefined && MODELLED.has(e.k);
  if (laterInNew && laterInOld) return at(y, 'order-changed', `${describe(x!)} (old line ${x!.line}) and ${describe(y!)} happen in a different order`);
  if (x && (laterInOld || !y) && modelled(x)) return at(y, 'op-missing', `${describe(x)} of old line ${x.line} is missing`);
  if (y && (laterInNew || !x) && modelled(y)) return at(y, 'op-added', `${describe(y)} was added`);
  if (modelled(x) || modelled(y)) {
    return at(y, modelled(x) ? 'op-missing' : 'op-added', `${x ? describe(x) : 'nothing'} (old line ${x?.line ?? '-'}) became ${y ? describe(y) : 'nothing'}`);
  }
  if (x?.k === 'return' && y?.k === 'return') {
    const phys = x.value && y.value && isAddress(x.value) ? classifyPhys(canon, x.value, y.value) : 'phys-changed';
    if (phys !== 'phys-changed') return at(y, phys, `returns ${showTerm(y.value!)} instead of ${showTerm(x.value!)}`);
  }
  if (x?.k === 'return' && y?.k === 'return') return at(y, 'return-changed', `returns ${y.value ? showTerm(y.value) : 'nothing'} instead of ${x.value ? showTerm(x.value) : 'nothing'}`);
  return at(y, 'other-code-changed', `${x ? describe(x) : 'nothing'} (old line ${x?.line ?? '-'}) became ${y ? describe(y) : 'nothing'}`);
}

function describe(e: ModelEvent): string {
  switch (e.k) {
    case 'dma-map':
      return `${e.api}(${showTerm(e.dev)}, phys ${showTerm(e.phys)}, ${showTerm(e.size)}, ${showTerm(e.dir)}${e.mmio ? ', MMIO' : ''})`;
    case 'dma-unmap':
      return `${e.api}(${showTerm(e.handle)}, ${showTerm(e.size)}, ${showTerm(e.dir)}${e.mmio ? ', MMIO' : ''})`;
    case 'kmap':
      return `${e.api}(${showTerm(e.page)})`;
    case 'kunmap':
      return `${e.api}(${showTerm(e.arg)})`;
    case 'call':
      return `${e.api}(${e.args.map(showTerm).join(', ')})`;
    case 'store':
      return `${showTerm(e.target)} = ${showTerm(e.value)}`;
    case 'return':
      return `return ${e.value ? showTerm(e.value) : ''}`.trim();
    case 'block':
      return `the ${e.api.replace(/_/g, ' ')} at line ${e.line}`;
    default:
      return e.api;
  }
}

function fieldDifference(canon: Canon, x: ModelEvent, y: ModelEvent): { reason: RejectionReason; message: string } | undefined {
  const diff = (reason: RejectionReason, o: Term, n: Term) => ({ reason, message: `${REJECTION_REASONS[reason]}: ${showTerm(n)} instead of ${showTerm(o)}` });
  if (x.k === 'dma-map' && y.k === 'dma-map') {
    if (x.dev.key !== y.dev.key) return diff('device-changed', x.dev, y.dev);
    if (x.phys.key !== y.phys.key) return { reason: classifyPhys(canon, x.phys, y.phys), message: `phys ${showTerm(y.phys)} instead of ${showTerm(x.phys)}` };
    if (x.mmio !== y.mmio) return { reason: 'mmio-changed', message: `the mapping ${y.mmio ? 'became' : 'is no longer'} MMIO` };
    if (x.attrs.key !== y.attrs.key) return diff('attrs-changed', x.attrs, y.attrs);
    if (x.dir.key !== y.dir.key) return diff('direction-changed', x.dir, y.dir);
    if (x.size.key !== y.size.key) return diff('size-changed', x.size, y.size);
  }
  if (x.k === 'dma-unmap' && y.k === 'dma-unmap') {
    if (x.dev.key !== y.dev.key) return diff('device-changed', x.dev, y.dev);
    if (x.handle.key !== y.handle.key) return diff('handle-changed', x.handle, y.handle);
    if (x.mmio !== y.mmio || x.noop !== y.noop) return { reason: 'mmio-changed', message: `the unmap's MMIO-ness changed${y.noop ? ' (dma_unmap_page_attrs() ignores an MMIO unmap)' : ''}` };
    if (x.attrs.key !== y.attrs.key) return diff('attrs-changed', x.attrs, y.attrs);
    if (x.dir.key !== y.dir.key) return diff('direction-changed', x.dir, y.dir);
    if (x.size.key !== y.size.key) return diff('size-changed', x.size, y.size);
  }
  if ((x.k === 'dma-check' && y.k === 'dma-check') || (x.k === 'dma-sync' && y.k === 'dma-sync')) {
    if (x.dev.key !== y.dev.key) return diff('device-changed', x.dev, y.dev);
    if (x.handle.key !== y.handle.key) return diff('handle-changed', x.handle, y.handle);
    return { reason: 'sync-changed', message: `${describe(y)} instead of ${describe(x)}` };
  }
  if (x.k === 'kmap' && y.k === 'kmap') {
    if (x.page.key !== y.page.key) return diff('kmap-page-changed', x.page, y.page);
    return { reason: 'kmap-prot-changed', message: REJECTION_REASONS['kmap-prot-changed'] };
  }
  if (x.k === 'block' && y.k === 'block' && x.value.op === y.value.op) {
    // The same statement text: a local it reads has a different value.
    for (let k = 0; k < Math.min(x.value.args.length, y.value.args.length); k++) {
      const o = x.value.args[k]!;
      const n = y.value.args[k]!;
      if (o.key === n.key) continue;
      const phys = isAddress(o) ? classifyPhys(canon, o, n) : 'phys-changed';
      if (phys !== 'phys-changed') return { reason: phys, message: `${describe(y)} reads ${showTerm(n)} instead of ${showTerm(o)}` };
      break;
    }
  }
  if (x.k === 'kunmap' && y.k === 'kunmap') return { reason: 'unmap-target-changed', message: `${describe(y)} instead of ${describe(x)}` };
  if (x.k === 'call' && y.k === 'call' && x.api === y.api) {
    const [x0, x1] = x.args;
    const [y0, y1] = y.args;
    if ((x.api === 'memcpy' || x.api === 'memmove') && x0 && x1 && y0 && y1 && x0.key === y1.key && x1.key === y0.key) {
      return { reason: 'copy-direction-reversed', message: `${describe(y)} copies the other way than ${describe(x)}` };
    }
    for (let k = 0; k < Math.min(x.args.length, y.args.length); k++) {
      const o = x.args[k]!;
      const n = y.args[k]!;
      if (o.key === n.key) continue;
      const phys = isAddress(o) ? classifyPhys(canon, o, n) : 'phys-changed';
      if (phys !== 'phys-changed') return { reason: phys, message: `argument ${k + 1} of ${x.api}(): ${showTerm(n)} instead of ${showTerm(o)}` };
      break;
    }
    if (x.helper || y.helper) return { reason: 'helper-access-changed', message: `${describe(y)} instead of ${describe(x)}` };
  }
  return undefined;
}

/** A physical (or linear-map) address: contains page_to_phys() or PAGE_OFFSET. */
function isAddress(t: Term): boolean {
  return someSubterm(t, (x) => x.op === 'call:page_to_phys' || x.op === 'id:PAGE_OFFSET');
}

/** How an address changed: the upstream bug classes first (reference §1.9). */
export function classifyPhys(canon: Canon, oldPhys: Term, newPhys: Term): RejectionReason {
  const d = canon.linearTerms(canon.sub(newPhys, oldPhys));
  const old = canon.linearTerms(oldPhys);
  const neu = canon.linearTerms(newPhys);
  const isBase = (x: { t: Term; k: bigint }) => x.t.op === 'call:page_to_phys' || x.t.op === 'id:PAGE_OFFSET';
  const bases = (l: typeof old) => l.terms.filter(isBase).map((x) => `${x.k}*${x.t.key}`).sort().join('+');
  // Same page base on both sides: only the offset part differs.
  if (bases(old) !== bases(neu)) return 'phys-changed';
  const oldRest = old.terms.filter((x) => !isBase(x));
  const newRest = neu.terms.filter((x) => !isBase(x));
  if (bases(old) !== '' && oldRest.length === 0 && old.c === 0n) return 'aligned-base-lost';
  if (bases(old) !== '' && newRest.length === 0 && neu.c === 0n) return 'offset-dropped';
  // new = old - o or old + o, with o the old offset (or the in-page offset of the old address).
  if (d.c === 0n && d.terms.length === 1) {
    const { t, k } = d.terms[0]!;
    const inOld = oldRest.some((x) => x.t.key === t.key && x.k === 1n);
    const offsetOfOld = t.op === 'call:offset_in_page' && old.terms.some((x) => x.t.key === t.args[0]!.key);
    if (k === -1n && (inOld || offsetOfOld)) return 'offset-dropped';
    if (k === 1n && (inOld || offsetOfOld)) return 'offset-doubled';
  }
  const sameAs = (a: typeof oldRest, b: typeof oldRest) => a.length === b.length && a.every((x, i) => x.t.key === b[i]!.t.key && x.k === b[i]!.k);
  if (sameAs(d.terms, oldRest) && d.c === old.c) return 'offset-doubled';
  return 'phys-changed';
}
