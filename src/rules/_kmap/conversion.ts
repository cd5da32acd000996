/**
 * The decision shared by the kmap rules: for each function holding sites of
 * the rule's family (kmap_atomic*() or kmap()), run the per-function mapping
 * analysis and either convert all of the function's sites of that family in
 * one fix, with a verdict (`auto`, `auto-with-note`) and commit-message
 * notes, or leave them all for review with a reason per site.
 */
import { parentOf } from '../../core/tree/ancestry.js';
import type { RuleContext, RuleMatch } from '../../core/rule.js';
import type { SyntaxNode } from '../../core/syntax.js';
import { functionName } from '../../engine/analyze/syntax.js';
import { enclosingFunction } from '../../engine/analyze/flow/locals.js';
import { conditionKey } from '../../engine/analyze/flow/cfg.js';
import { preprocessorBranches } from '../../engine/analyze/parse-errors.js';
import { CalleeSummaries, type CallEffect } from '../../engine/analyze/summaries/index.js';
import { analyzeKmapFunction, type KmapAnalysis, type MapFacts, type UnmapFacts } from './analysis/lifetimes.js';
import { callRole, isNonRetaining } from './analysis/calls.js';
import { CalleeEffects } from './analysis/callee-effects.js';
import { callArguments } from '../../engine/analyze/syntax.js';
import type { MapFamily } from './analysis/apis.js';
import { findSingleCopy } from './analysis/single-copy.js';
import { planBrackets, planHolder, planReorder, helperEdits, type Bracket, type Reorder } from './edits.js';
import { report, type Holder, type HelperPlan, type KmapRuleFamily, type SitePlan, type Problem } from './report.js';

export type { KmapRuleFamily } from './report.js';

export function checkKmapSites(ctx: RuleContext, family: KmapRuleFamily, reasons: Readonly<Record<string, string>>): void {
  const byFunction = new Map<number, { fn: SyntaxNode; matches: RuleMatch[] }>();
  const summaries = new CalleeSummaries(ctx.root, ctx.facts.definitions, { nonRetaining: isNonRetaining, classify: effectOf, classifyAsm: cacheAsm });
  const callees = new CalleeEffects(ctx.root);
  for (const m of ctx.matches) {
    const fn = enclosingFunction(m.api);
    if (!fn) {
      ctx.report({ api: m.api.text, at: m.api, status: 'review', reason: 'not-in-function', verdict: 'review' });
      continue;
    }
    const group = byFunction.get(fn.id) ?? { fn, matches: [] };
    group.matches.push(m);
    byFunction.set(fn.id, group);
  }
  for (const { fn, matches } of byFunction.values()) planFunction(ctx, fn, matches, family, summaries, callees, reasons);
}

/** One function's sites and what the steps below gather for its conversion. */
interface FunctionPlan {
  readonly ctx: RuleContext;
  readonly fn: SyntaxNode;
  readonly fnName: string;
  readonly family: KmapRuleFamily;
  readonly analysis: KmapAnalysis;
  readonly summaries: CalleeSummaries;
  readonly callees: CalleeEffects;
  readonly sites: SitePlan[];
  readonly holders: Map<number, Holder>;
  readonly pagefaultCalls: { map: MapFacts; call: SyntaxNode; name: string }[];
  readonly preemptUnderLock: Set<string>;
  /** Map sites whose region's per-CPU access is covered by a lock or IRQs off: their note matters. */
  readonly underLock: Set<number>;
}

function planFunction(
  ctx: RuleContext,
  fn: SyntaxNode,
  matches: RuleMatch[],
  family: KmapRuleFamily,
  summaries: CalleeSummaries,
  callees: CalleeEffects,
  reasons: Readonly<Record<string, string>>,
): void {
  const analysis = analyzeKmapFunction(fn);
  const fnName = functionName(fn) ?? 'this function';
  const sites: SitePlan[] = matches.map((match) => {
    const call = match.node('call');
    const map = analysis.mapAt(call);
    const unmap = analysis.unmapAt(call);
    return { match, ...(map ? { map } : {}), ...(unmap ? { unmap } : {}), problems: [] };
  });

  // 1. Whole-function refusals: the graph itself cannot be trusted.
  const whole = wholeFunctionProblem(analysis);
  if (whole) {
    for (const s of sites) flag(s, whole);
    report(ctx, sites, undefined, fnName, reasons);
    return;
  }
  for (const s of sites) if (!s.map && !s.unmap) flag(s, { reason: 'unsupported-control-flow', detail: 'the call is not reached by the function\'s control flow' });

  const p: FunctionPlan = { ctx, fn, fnName, family, analysis, summaries, callees, sites, holders: new Map(), pagefaultCalls: [], preemptUnderLock: new Set(), underLock: new Set() };
  // 2. Each own mapping.
  const internals = kmapInternals(fn);
  const archCache = /^arch\//.test(ctx.path) && (/cache|flush|dma/i.test(ctx.path) || /cache|flush|dma/i.test(fnName));
  for (const s of sites) {
    const m = s.map;
    if (!m) continue;
    checkMapping(p, s, m, internals, archCache);
    if (family === 'atomic') checkAtomicRegion(p, s, m);
  }
  // 3. Each own unmap.
  for (const s of sites) if (s.unmap) checkUnmap(p, s, s.unmap);
  checkOtherSites(p);
  // 4. Helpers: a region that is one copy or fill.
  const helpers = planHelpers(p);
  // 5. LIFO: swap adjacent unmaps where that fixes the order, else review.
  const reorders = planReorders(p, helpers);
  // 6. Page faults: bracket exactly the statements that need them.
  const brackets = planPagefaultBrackets(p);
  // 7. kunmap(page) needs the address: a variable holding it, or a new local.
  if (family === 'kmap') planHolders(p, helpers);

  if (sites.some((s) => s.problems.length > 0)) {
    report(ctx, sites, undefined, fnName, reasons);
    return;
  }
  const { holders, preemptUnderLock, underLock } = p;
  report(ctx, sites, { analysis, family, helpers, reorders, brackets, holders, preemptUnderLock, underLock }, fnName, reasons);
}

/** Records a problem on a site, once per reason. */
function flag(site: SitePlan | undefined, p: Problem): void {
  if (site && !site.problems.some((x) => x.reason === p.reason)) site.problems.push(p);
}

function siteOfMap(p: FunctionPlan, index: number): SitePlan | undefined {
  return p.sites.find((s) => s.map?.site.index === index);
}

function siteOfUnmap(p: FunctionPlan, index: number): SitePlan | undefined {
  return p.sites.find((s) => s.unmap?.site.index === index);
}

function line(node: SyntaxNode): number {
  return node.startPosition.row + 1;
}

/** Whether the function's graph cannot be trusted at all (parse error, unsupported control flow, too many paths). */
function wholeFunctionProblem(analysis: KmapAnalysis): Problem | undefined {
  const parseError = analysis.problems.find((p) => p.kind === 'parse-error');
  const unsupported = analysis.problems.find((p) => p.kind === 'unsupported');
  return parseError
    ? { reason: 'function-parse-error', detail: `line ${line(parseError.node)}: ${parseError.detail}`, related: parseError.node }
    : unsupported
      ? { reason: 'unsupported-control-flow', detail: `line ${line(unsupported.node)}: ${unsupported.detail}`, related: unsupported.node }
      : analysis.exhausted
        ? { reason: 'too-complex' }
        : undefined;
}

/** Whether one own mapping can be converted: where it is, where its address goes, and how it is unmapped. */
function checkMapping(p: FunctionPlan, s: SitePlan, m: MapFacts, internals: SyntaxNode | undefined, archCache: boolean): void {
  const { ctx, analysis, summaries } = p;
  const call = m.site.call;
  if (archCache) flag(s, { reason: 'arch-cache-maintenance', detail: ctx.path });
  else if (/^arch\//.test(ctx.path)) {
    // Architecture code that maintains caches while the page is mapped (copy_user_highpage() and the like).
    const dep = cacheMaintenanceDependence(p.fn, m, analysis, summaries);
    if (dep) flag(s, { reason: 'arch-cache-maintenance', detail: dep.detail, related: dep.node });
  }
  if (internals) flag(s, { reason: 'highmem-internals', detail: `${internals.text} at line ${line(internals)}`, related: internals });
  if (m.site.api.pfn && (ctx.facts.license.kind === 'non-gpl' || ctx.facts.license.kind === 'unknown')) {
    flag(s, { reason: 'pfn-gpl-only', detail: ctx.facts.license.license ? `MODULE_LICENSE(${JSON.stringify(ctx.facts.license.license)})` : 'licence unknown' });
  }
  if (m.conditional) flag(s, { reason: 'map-in-conditional-expression' });
  for (const e of m.escapes) {
    if (e.kind === 'stored') flag(s, { reason: 'mapping-escapes', detail: `stored in ${e.target} (${describeStore(e.into)}) at line ${line(e.node)}`, related: e.node });
    else if (e.kind === 'address-taken') flag(s, { reason: 'mapping-escapes', detail: `its holder's address is taken at line ${line(e.node)}`, related: e.node });
    else if (e.kind === 'returned') flag(s, { reason: 'mapping-returned', detail: `line ${line(e.node)}`, related: e.node });
    else if (e.kind === 'passed' && m.site.api.family === 'kmap') {
      const keeps = e.callee ? (summaries.summaryOf(e.callee)?.keeps(e.argIndex) ?? true) : true;
      // The behaviour model judges the same call by the same answer.
      if (e.callee) ctx.noteCallee?.({ callee: e.callee, arg: e.argIndex, keeps });
      if (keeps) flag(s, { reason: 'mapping-passed-to-function', detail: `${e.callee ? `${e.callee}()` : 'a call through a pointer'} at line ${line(e.node)}`, related: e.node });
    }
  }
  const guardHint = separateGuards(analysis, m);
  if (isDiscarded(call)) {
    flag(s, { reason: m.site.api.family === 'kmap' ? 'mapping-result-unused' : 'mapping-not-held' });
  } else if (m.unmaps.size === 0) {
    if (m.heldIn.size === 0 && m.escapes.length === 0) flag(s, { reason: 'mapping-not-held' });
    else flag(s, { reason: 'unmap-elsewhere' });
  } else if (m.leaks.size > 0) {
    const where = [...m.leaks.values()][0]!;
    const exitText = where.type === 'return_statement' ? `the return at line ${line(where)}` : 'the end of the function';
    flag(s, { reason: 'not-unmapped-on-every-path', detail: `still mapped at ${exitText}${guardHint}`, related: where });
  }
  if (m.remappedWhileLive) flag(s, { reason: 'remapped-while-live', ...(guardHint ? { detail: guardHint.slice(2) } : {}) });
  if (m.usedAfterUnmap.length > 0) flag(s, { reason: 'used-after-unmap', detail: `${m.usedAfterUnmap[0]!.text} at line ${line(m.usedAfterUnmap[0]!)}`, related: m.usedAfterUnmap[0]! });
  // Map and unmaps in different #if branches.
  const key = branchKey(call);
  const splitUnmap = analysis.unmaps.find((u) => u.site.api.family === p.family && (u.pairs.has(m.site.index) || u.unpaired) && branchKey(u.site.call) !== key);
  if (splitUnmap && (m.leaks.size > 0 || m.unmaps.size === 0 || splitUnmap.unpaired)) flag(s, { reason: 'preprocessor-split', related: splitUnmap.site.call });
}

/** Whether the calls inside a kmap_atomic() region rely on its atomic context (and which need page faults kept off). */
function checkAtomicRegion(p: FunctionPlan, s: SitePlan, m: MapFacts): void {
  const { analysis, callees } = p;
  for (const rc of m.regionCalls.values()) {
    const where = `${rc.name}() at line ${line(rc.call)}`;
    switch (rc.role) {
      case 'sleeps':
        flag(s, { reason: 'sleeps-in-atomic-region', detail: where, related: rc.call });
        break;
      case 'atomic-check':
        flag(s, { reason: 'checks-atomic-context', detail: where, related: rc.call });
        break;
      case 'preempt-reliance':
        if (analysis.alwaysAtomic(rc.call)) {
          p.preemptUnderLock.add(`${rc.name}()`);
          p.underLock.add(m.site.index);
        }
        else flag(s, { reason: 'relies-on-preempt-disable', detail: where, related: rc.call });
        break;
      case 'pagefault-reliance':
        if (!analysis.alwaysPagefaultOff(rc.call)) p.pagefaultCalls.push({ map: m, call: rc.call, name: rc.name });
        break;
      case undefined: {
        // A callee that is an expression, or a parameter or local holding a function pointer.
        if (!rc.name || analysis.scope.variables.has(rc.name) || /^INDIRECT_CALL_\d$/.test(rc.name)) {
          flag(s, { reason: 'calls-through-pointer', detail: `${rc.call.childForFieldName('function')?.text ?? 'a pointer'}() at line ${line(rc.call)}`, related: rc.call });
          break;
        }
        // Functions of this file called here, or passed by name as callbacks.
        const names = [rc.name, ...callArguments(rc.call).filter((a) => a.type === 'identifier' && callees.isDefined(a.text)).map((a) => a.text)];
        for (const name of names) {
          for (const e of callees.effectsOf(name)) {
            const chain = `${e.chain.join('() → ')}()`;
            if (e.role === 'atomic-check') flag(s, { reason: 'checks-atomic-context', detail: `${chain}, called at line ${line(rc.call)}`, related: rc.call });
            else if (!analysis.alwaysPagefaultOff(rc.call)) p.pagefaultCalls.push({ map: m, call: rc.call, name: chain.replace(/\(\)$/, '') });
          }
        }
        break;
      }
      default:
        break;
    }
  }
}

/** Whether one own unmap ends the right mapping (and flags the mappings it fails). */
function checkUnmap(p: FunctionPlan, s: SitePlan, u: UnmapFacts): void {
  const { analysis } = p;
  if (u.conditional) flag(s, { reason: 'map-in-conditional-expression' });
  if (u.addressGiven) {
    flag(s, { reason: 'kunmap-given-address', detail: u.site.arg?.text ?? '' });
    for (const site of u.addressOf) flag(siteOfMap(p, site), { reason: 'kunmap-given-address', detail: `line ${line(u.site.call)}`, related: u.site.call });
  } else if (u.unpaired === 'page-changed') {
    flag(s, { reason: 'page-changed-before-unmap' });
    for (const m of analysis.maps) {
      const change = m.pageChanged[0];
      if (change && siteOfMap(p, m.site.index)) flag(siteOfMap(p, m.site.index), { reason: 'page-changed-before-unmap', detail: `${change.text.split('\n')[0]} at line ${line(change)}`, related: change });
    }
  }
  else if (u.unpaired || !u.reached) flag(s, { reason: 'unpaired-unmap', detail: u.unpaired === 'already-unmapped' ? 'its mapping was already unmapped on some path' : 'it unmaps an address not mapped in this function' });
  // kunmap(page) with the same page mapped twice: which mapping it ends depends on the path taken.
  else if (u.site.api.takes !== 'address' && u.pairs.size > 1) {
    flag(s, { reason: 'unpaired-unmap', detail: `it names a page mapped at lines ${[...u.pairs].map((i) => line(analysis.maps[i]!.site.call)).join(' and ')}; which mapping it ends depends on the path taken` });
  }
  if (u.outside) {
    const detail = `${u.site.arg?.text ?? ''} at line ${line(u.site.call)}, moved by \`${u.outside.text}\` at line ${line(u.outside)}`;
    flag(s, { reason: 'unmap-address-outside-mapping', detail, related: u.outside });
    for (const site of u.pairs) flag(siteOfMap(p, site), { reason: 'unmap-address-outside-mapping', detail, related: u.site.call });
  }
  for (const site of u.familyMismatch) {
    flag(s, { reason: 'unmap-family-mismatch', detail: `${analysis.maps[site]!.site.api.name}() at line ${line(analysis.maps[site]!.site.call)}`, related: analysis.maps[site]!.site.call });
    flag(siteOfMap(p, site), { reason: 'unmap-family-mismatch', related: u.site.call });
  }
}

/** Whether map and unmap calls that are not the rule's sites stand in the way of its mappings. */
function checkOtherSites(p: FunctionPlan): void {
  const { analysis } = p;
  // Unmaps of another family ending one of the rule's mappings (kunmap_local() of a kmap() address).
  for (const u of analysis.unmaps) {
    if (siteOfUnmap(p, u.site.index)) continue;
    for (const site of u.familyMismatch) flag(siteOfMap(p, site), { reason: 'unmap-family-mismatch', detail: `${u.site.api.name}() at line ${line(u.site.call)}`, related: u.site.call });
  }
  for (const m of analysis.maps) {
    // A map of the rule's family that is not one of its sites (e.g. in a macro argument) stays as it is.
    if (m.site.api.family === p.family && !siteOfMap(p, m.site.index)) {
      for (const s of p.sites) flag(s, { reason: 'function-has-unsafe-mapping', detail: `${m.site.api.name}() at line ${line(m.site.call)} cannot be converted here` });
    }
  }
}

/** Which clean regions become one memcpy_from_page()-style helper call. */
function planHelpers(p: FunctionPlan): HelperPlan[] {
  const { ctx, analysis } = p;
  const helpers: HelperPlan[] = [];
  if (!ctx.facts.target.features.mem_page_helpers) return helpers;
  for (const s of p.sites) {
    const m = s.map;
    if (!m || s.problems.length > 0 || helpers.some((h) => h.maps.includes(m.site.index))) continue;
    const found = findSingleCopy(analysis, m.site.index);
    if (!found.ok) continue;
    const all = [...found.copy.maps.map((i) => siteOfMap(p, i)), ...found.copy.unmaps.map((i) => siteOfUnmap(p, i))];
    if (!all.every((x) => x && x.problems.length === 0)) continue;
    const edits = helperEdits(ctx.text, found.copy, ctx.newline);
    if (edits) helpers.push({ ...found.copy, edits });
  }
  return helpers;
}

/** Which out-of-order unmaps are swapped into LIFO order, and which leave their sites for review. */
function planReorders(p: FunctionPlan, helpers: readonly HelperPlan[]): Reorder[] {
  const { ctx, analysis, family } = p;
  const isOwn = (fam: MapFamily) => fam === family;
  const inHelper = (mapIndex: number) => helpers.some((h) => h.maps.includes(mapIndex));
  const reorders: Reorder[] = [];
  for (const u of analysis.unmaps) {
    for (const v of u.lifo) {
      const fams = [analysis.maps[v.unmapped]!.site.api.family, analysis.maps[v.top]!.site.api.family];
      const relevant = family === 'atomic' ? !fams.includes('kmap') && fams.includes('atomic') : fams.includes('kmap');
      if (!relevant) continue;
      if (inHelper(v.unmapped) && inHelper(v.top) && helpers.some((h) => h.maps.includes(v.unmapped) && h.maps.includes(v.top))) continue;
      if (reorders.some((r) => r.unmaps.includes(u.site.index))) continue;
      const plan = planReorder(ctx.text, analysis, u);
      if (plan && plan.unmaps.every((i) => isOwn(analysis.unmaps[i]!.site.api.family) || analysis.unmaps[i]!.site.api.family === 'local')) {
        reorders.push(plan);
        continue;
      }
      const target = siteOfUnmap(p, u.site.index) ?? siteOfMap(p, v.unmapped) ?? siteOfMap(p, v.top);
      flag(target, { reason: 'unmap-order', detail: `line ${line(u.site.call)} unmaps ${analysis.maps[v.unmapped]!.site.api.name}() of line ${line(analysis.maps[v.unmapped]!.site.call)} while ${analysis.maps[v.top]!.site.api.name}() of line ${line(analysis.maps[v.top]!.site.call)} is still mapped`, related: u.site.call });
    }
  }
  return reorders;
}

/** Which statements get a pagefault_disable()/pagefault_enable() bracket, and which reliances leave their site for review. */
function planPagefaultBrackets(p: FunctionPlan): Bracket[] {
  if (p.pagefaultCalls.length === 0) return [];
  const planned = planBrackets(p.ctx.text, p.analysis, p.pagefaultCalls);
  for (const f of planned.refused) flag(siteOfMap(p, f.map.site.index), { reason: 'relies-on-pagefault-disable', detail: `${f.name}() at line ${line(f.call)}: ${f.why}`, related: f.call });
  return planned.brackets;
}

/** Which variable (or new local) holds each kmap() address for its kunmap_local(). */
function planHolders(p: FunctionPlan, helpers: readonly HelperPlan[]): void {
  const inHelper = (mapIndex: number) => helpers.some((h) => h.maps.includes(mapIndex));
  const newLocals = new Set<string>();
  for (const s of p.sites) {
    const m = s.map;
    if (!m || inHelper(m.site.index) || s.problems.length > 0) continue;
    const plan = planHolder(p.ctx.text, p.analysis, m, newLocals);
    if (plan.ok) p.holders.set(m.site.index, plan);
    else flag(s, { reason: plan.reason, detail: plan.why });
  }
}

/**
 * Cache maintenance whose contract holds in preemptible context: the kernel
 * calls each from preemptible code (module loading, copy_to_user_page(),
 * the page cache), and each reaches every CPU that needs it or works on the
 * physical page. Upstream converted arch_uprobe_copy_ixol() on arm64
 * (sync_icache_aliases()), riscv and mips (flush_icache_range()) with them
 * inside a kmap_local_page() region.
 */
const PREEMPTIBLE_MAINTENANCE = new Set(['flush_icache_range', 'flush_dcache_page', 'flush_dcache_folio', 'flush_kernel_vmap_range', 'invalidate_kernel_vmap_range', 'sync_icache_aliases', 'flush_icache_user_page', 'flush_icache_page']);
const MAINTENANCE_NAME = /flush|cache|clean|inval|sync_icache|clflush/i;
/** Cache maintenance instructions in an asm template: ARM CP15 c7 operations, arm64 DC/IC, PowerPC dcbf/dcbst/icbi, x86 clflush/wbinvd, MIPS cache. */
const CACHE_ASM = /\bmcrr?\s+p15\s*,[^\n]*\bc7\b|\b(?:dc|ic)\s+(?:c|i|z)\w*\b|\b(?:dcbf|dcbst|dcbi|dcbz|icbi)\b|\bclflush(?:opt)?\b|\bwbinvd\b|\bcache\s+(?:0x|\d|%|Hit|Index)/i;

function cacheAsm(asm: SyntaxNode): CallEffect | undefined {
  return CACHE_ASM.test(asm.text) ? 'cache-maintenance' : undefined;
}

/**
 * Does the region of `m` maintain caches in a way that depends on what
 * kmap_atomic() gives and kmap_local_page() does not? Inline cache
 * instructions on the mapped address (here or in a callee of the file) act
 * on the running CPU's cache by virtual address: they rely on preemption
 * staying off between the writes and the maintenance. A maintenance call
 * relies on it too unless its contract holds in preemptible context or the
 * code disables preemption itself around it.
 */
function cacheMaintenanceDependence(fn: SyntaxNode, m: MapFacts, analysis: KmapAnalysis, summaries: CalleeSummaries): { detail: string; node: SyntaxNode } | undefined {
  const start = m.site.call.endIndex;
  const lastUnmap = Math.max(start, ...[...m.unmaps].map((i) => analysis.unmaps[i]!.site.call.startIndex));
  for (const asm of fn.descendantsOfType('gnu_asm_expression')) {
    if (asm.startIndex < start || asm.startIndex > lastUnmap || !cacheAsm(asm)) continue;
    return { detail: `inline cache maintenance at line ${asm.startPosition.row + 1} works on this CPU's cache by virtual address: it relies on kmap_atomic() keeping preemption off`, node: asm };
  }
  for (const rc of m.regionCalls.values()) {
    if (analysis.alwaysAtomic(rc.call)) continue;
    if (MAINTENANCE_NAME.test(rc.name) && !PREEMPTIBLE_MAINTENANCE.has(rc.name)) {
      return { detail: `${rc.name}() at line ${rc.call.startPosition.row + 1} maintains this CPU's caches: it relies on kmap_atomic() keeping preemption off`, node: rc.call };
    }
    const viaAsm = rc.name ? summaries.summaryOf(rc.name)?.effects.find((e) => e.effect === 'cache-maintenance') : undefined;
    if (viaAsm) {
      return { detail: `${viaAsm.chain.join(' → ')} (called at line ${rc.call.startPosition.row + 1}) maintains this CPU's cache by virtual address: it relies on kmap_atomic() keeping preemption off`, node: rc.call };
    }
  }
  return undefined;
}

/** What a call does, for the callee summaries, from the kmap rules' classification of call names. */
function effectOf(name: string, call: SyntaxNode): CallEffect | undefined {
  switch (callRole(name, call)) {
    case 'sleeps':
      return 'sleeps';
    case 'pagefault-reliance':
      return 'user-memory';
    case 'atomic-check':
      return 'atomic-state';
    case 'preempt-reliance':
      return 'needs-atomic';
    default:
      return undefined;
  }
}

function describeStore(into: string): string {
  switch (into) {
    case 'field':
      return 'a member reached through a pointer';
    case 'local-struct':
      return 'a member of a local struct';
    case 'global':
      return 'a global variable';
    case 'static':
      return 'a static local';
    default:
      return 'memory';
  }
}

/**
 * `if (c) map ... if (c) unmap`: when the analysis could not prove `c`
 * unchanged between the tests, say so (the usual cause of a spurious leak).
 */
function separateGuards(analysis: KmapAnalysis, m: MapFacts): string {
  const mine = guardKeys(m.site.call);
  if (mine.size === 0) return '';
  for (const u of analysis.unmaps) {
    if (u.site.api.family !== m.site.api.family) continue;
    const shared = [...guardKeys(u.site.call)].find((k) => mine.has(k));
    if (shared) return `; it is mapped and unmapped under separate tests of \`${shared}\`, which the analysis cannot prove unchanged in between`;
  }
  return '';
}

function guardKeys(node: SyntaxNode): Set<string> {
  const out = new Set<string>();
  for (let p = parentOf(node); p && p.type !== 'function_definition'; p = parentOf(p)) {
    if (p.type !== 'if_statement') continue;
    const cond = p.childForFieldName('condition');
    if (cond && !(cond.startIndex <= node.startIndex && node.endIndex <= cond.endIndex)) out.add(conditionKey(cond).key);
  }
  return out;
}

/**
 * The kmap implementation's own machinery: the pkmap pool (kmap_high(),
 * pkmap_count, PKMAP_*), the fixmap slots of kmap_atomic()/kmap_local
 * (FIX_KMAP_*, kmap_pte, the slot index), and __kmap_local_*(). Code using
 * them manages mappings by hand; being under CONFIG_HIGHMEM alone does not
 * count (kernel/power/snapshot.c copies highmem pages there with the plain API).
 */
const KMAP_INTERNALS = /^(?:__kmap_local_\w+|__kunmap_local\w*|kmap_high(?:_get)?|kunmap_high|pkmap_\w+|PKMAP_\w+|LAST_PKMAP\w*|FIX_KMAP_\w+|kmap_pte|kmap_local_idx\w*|kmap_atomic_idx\w*|arch_kmap_local_\w+|kmap_prot|kmap_ctrl)$/;

/** The same names anywhere in a text: an identifier matching KMAP_INTERNALS is a substring of its function's text. */
const KMAP_INTERNALS_ANYWHERE = new RegExp(KMAP_INTERNALS.source.replace(/^\^/, '').replace(/\$$/, ''));

/** The first identifier of the function naming a kmap internal, if any. */
function kmapInternals(fn: SyntaxNode): SyntaxNode | undefined {
  // Most functions name none: one test of the text instead of every identifier's.
  if (!KMAP_INTERNALS_ANYWHERE.test(fn.text)) return undefined;
  for (const id of fn.descendantsOfType(['identifier', 'field_identifier'])) if (KMAP_INTERNALS.test(id.text)) return id;
  return undefined;
}

/** The call's value is thrown away (`kmap(page);`). */
function isDiscarded(call: SyntaxNode): boolean {
  let n = call;
  for (let up = parentOf(n); up && (up.type === 'parenthesized_expression' || up.type === 'cast_expression'); up = parentOf(n)) n = up;
  return parentOf(n)?.type === 'expression_statement';
}

function branchKey(node: SyntaxNode): string {
  return preprocessorBranches(node)
    .map((b) => b.id)
    .join(',');
}
