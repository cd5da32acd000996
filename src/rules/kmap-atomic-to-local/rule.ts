/**
 * kmap_atomic() → kmap_local_page(), kmap_atomic_prot() →
 * kmap_local_page_prot(), kmap_atomic_pfn() → kmap_local_pfn(),
 * kunmap_atomic() → kunmap_local() (reference §3.1, §3.5), where the mapping
 * and its unmap are in one function and the code between relies on neither
 * disabled page faults nor disabled preemption.
 */
import { defineRule, type RuleContext, type RuleMatch } from '../../core/rule.js';
import type { SyntaxNode } from '../../core/syntax.js';
import { callName, functionName, functionOf } from '../../analyze/syntax.js';
import { preprocessorBranches } from '../../analyze/parse-errors.js';
import { callsBetween, describeMap, describeUnmap, escapeOf, type MapSite, type UnmapSite } from './pairing.js';
import { relianceOf } from './reliance.js';

const REPLACEMENT: Record<string, string> = {
  kmap_atomic: 'kmap_local_page',
  kmap_atomic_prot: 'kmap_local_page_prot',
  kmap_atomic_pfn: 'kmap_local_pfn',
  kunmap_atomic: 'kunmap_local',
};

const REASONS = {
  'kmap-local': 'converted: the mapping and its unmap are in one function and the code between does not rely on disabled page faults or preemption',
  'not-in-function': 'the call is outside any function body',
  'function-parse-error': 'the function contains code tree-sitter could not parse, so its mappings cannot be paired reliably',
  'mapping-not-held': 'the mapped address is not kept in a local variable (used inline or passed on), so its unmap cannot be paired',
  'mapping-escapes': 'the mapped address is stored outside the function\'s locals or returned; kmap_local_page() addresses are valid only in the mapping thread and function nesting',
  'unmap-elsewhere': 'no kunmap_atomic() of this mapping follows in the same function (it is unmapped elsewhere)',
  'unpaired-unmap': 'this kunmap_atomic() does not unmap an address mapped in this function',
  'unmap-order': 'mappings in this function are not unmapped in LIFO order, which kmap_local_page() requires',
  'preprocessor-split': 'the mapping and its unmap sit in different #if branches',
  'relies-on-pagefault-disable': 'the code between map and unmap relies on kmap_atomic() having disabled page faults (user copies, *_inatomic helpers or pagefault checks); it needs an explicit pagefault_disable()',
  'relies-on-preempt-disable': 'the code between map and unmap relies on kmap_atomic() having disabled preemption (smp_processor_id(), this_cpu_*, get_cpu_var or atomicity checks); it needs an explicit preempt_disable()',
  'pfn-gpl-only': 'kmap_local_pfn() calls the GPL-only __kmap_local_pfn_prot() on HIGHMEM kernels and this module is not GPL-compatible',
  'function-has-unsafe-mapping': 'another mapping in this function needs review; its mappings are converted together or not at all',
} as const;
type Reason = keyof typeof REASONS;

export default defineRule({
  meta: {
    id: 'kmap-atomic-to-local',
    summary: 'kmap_atomic*()/kunmap_atomic() → kmap_local_*()/kunmap_local() where the code between does not rely on atomic side effects',
    confidence: 'high',
    apis: ['kmap_atomic', 'kmap_atomic_prot', 'kmap_atomic_pfn', 'kunmap_atomic'],
    requires: 'kmap_local',
    captures: ['api', 'call'],
    reasons: REASONS,
    patchSubject: 'Replace kmap_atomic() with kmap_local_page()',
    rationale:
      'kmap_atomic() is deprecated in favour of kmap_local_page(). Local mappings are valid only in ' +
      'the mapping thread, may take page faults and survive preemption, and nest in LIFO order. ' +
      'kmap_atomic() also disables page faults and preemption, so the conversion is a plain ' +
      'replacement only where the code between map and unmap does not depend on those side effects.',
  },
  check(ctx: RuleContext) {
    const byFunction = new Map<number, { fn: SyntaxNode; matches: RuleMatch[] }>();
    for (const m of ctx.matches) {
      const fn = functionOf(m.api);
      if (!fn) {
        ctx.report({ api: m.api.text, at: m.api, status: 'review', reason: 'not-in-function', verdict: 'review' });
        continue;
      }
      const group = byFunction.get(fn.id) ?? { fn, matches: [] };
      group.matches.push(m);
      byFunction.set(fn.id, group);
    }
    for (const { fn, matches } of byFunction.values()) checkFunction(ctx, fn, matches);
  },
});

function checkFunction(ctx: RuleContext, fn: SyntaxNode, matches: RuleMatch[]): void {
  const problems = new Map<number, { reason: Reason; related?: SyntaxNode; detail?: string }>();
  const flag = (site: SyntaxNode, reason: Reason, related?: SyntaxNode, detail?: string) => {
    if (!problems.has(site.startIndex)) problems.set(site.startIndex, { reason, ...(related ? { related } : {}), ...(detail ? { detail } : {}) });
  };
  const maps: MapSite[] = [];
  const unmaps: UnmapSite[] = [];
  for (const m of matches) {
    const call = m.get('call')!;
    if (m.api.text === 'kunmap_atomic') unmaps.push(describeUnmap(call, m.api));
    else maps.push(describeMap(call, m.api, fn));
  }

  if (fn.hasError) {
    for (const m of matches) flag(m.api, 'function-parse-error');
  }
  for (const map of maps) {
    if (map.problem) flag(map.api, map.problem);
    if (map.api.text === 'kmap_atomic_pfn' && (ctx.facts.license.kind === 'non-gpl' || ctx.facts.license.kind === 'unknown')) flag(map.api, 'pfn-gpl-only');
    if (!map.holder) continue;
    const escape = escapeOf(fn, map.holder);
    if (escape) flag(map.api, 'mapping-escapes', escape);
    const own = unmaps.filter((u) => u.holder === map.holder && u.call.startIndex > map.call.startIndex);
    if (own.length === 0) {
      flag(map.api, 'unmap-elsewhere');
      continue;
    }
    const end = Math.max(...own.map((u) => u.call.endIndex));
    for (const c of callsBetween(fn, map.call.endIndex, end)) {
      const name = callName(c)!;
      const reliance = relianceOf(name);
      if (reliance === 'pagefault') flag(map.api, 'relies-on-pagefault-disable', c, `${name}() at line ${lineOf(ctx.text, c.startIndex)}`);
      else if (reliance === 'preempt') flag(map.api, 'relies-on-preempt-disable', c, `${name}() at line ${lineOf(ctx.text, c.startIndex)}`);
    }
    const branches = branchKey(map.call);
    for (const u of own) if (branchKey(u.call) !== branches) flag(map.api, 'preprocessor-split', u.api);
  }
  const held = new Set(maps.map((m) => m.holder).filter((h): h is string => h !== undefined));
  for (const u of unmaps) if (!u.holder || !held.has(u.holder)) flag(u.api, 'unpaired-unmap');
  const lifo = lifoViolation(maps, unmaps);
  if (lifo) flag(lifo.api, 'unmap-order');

  const name = functionName(fn) ?? 'this function';
  if (problems.size === 0) {
    const edits = matches.map((m) => ({ range: { start: m.api.startIndex, end: m.api.endIndex }, text: REPLACEMENT[m.api.text]! }));
    const mapped = [...new Set(maps.map((m) => `${m.api.text}()`))].join('/');
    const note = `${mapped} in ${name}() became ${[...new Set(maps.map((m) => `${REPLACEMENT[m.api.text]}()`))].join('/')}: the code between map and unmap does not depend on the page faults or preemption that kmap_atomic() disabled (no user-memory access, *_inatomic helper, per-CPU access or atomicity check).`;
    const fixId = ctx.addFix(edits, [note]);
    for (const m of matches) ctx.report({ api: m.api.text, at: m.api, status: 'convert', reason: 'kmap-local', verdict: 'auto', fixId, notes: [note] });
    return;
  }
  const first = [...problems.entries()].sort((a, b) => a[0] - b[0])[0]!;
  for (const m of matches) {
    const own = problems.get(m.api.startIndex);
    if (own) {
      ctx.report({
        api: m.api.text,
        at: m.api,
        status: 'review',
        reason: own.reason,
        verdict: 'review',
        message: own.detail ? `${REASONS[own.reason]}: ${own.detail}` : REASONS[own.reason],
        ...(own.related ? { related: [{ range: { start: own.related.startIndex, end: own.related.endIndex }, message: own.related.text.split('\n')[0]!.slice(0, 80) }] } : {}),
      });
    } else {
      ctx.report({
        api: m.api.text,
        at: m.api,
        status: 'review',
        reason: 'function-has-unsafe-mapping',
        verdict: 'review',
        message: `${REASONS['function-has-unsafe-mapping']} (line ${lineOf(ctx.text, first[0])}: ${first[1].reason})`,
      });
    }
  }
}

function branchKey(node: SyntaxNode): string {
  return preprocessorBranches(node)
    .map((b) => b.id)
    .join(',');
}

function lineOf(text: string, index: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < index; i = text.indexOf('\n', i + 1)) line++;
  return line;
}

/**
 * Walk map and unmap events in source order with a stack. An unmap of a
 * mapping that is live but not on top breaks LIFO. A second unmap of a
 * mapping already popped is another path's unmap (error path) and is ignored.
 */
function lifoViolation(maps: MapSite[], unmaps: UnmapSite[]): UnmapSite | undefined {
  type Event = { at: number; kind: 'map'; holder: string } | { at: number; kind: 'unmap'; site: UnmapSite };
  const events: Event[] = [
    ...maps.filter((m) => m.holder).map((m) => ({ at: m.call.startIndex, kind: 'map' as const, holder: m.holder! })),
    ...unmaps.filter((u) => u.holder).map((u) => ({ at: u.call.startIndex, kind: 'unmap' as const, site: u })),
  ].sort((a, b) => a.at - b.at);
  const stack: string[] = [];
  for (const e of events) {
    if (e.kind === 'map') {
      stack.push(e.holder);
      continue;
    }
    const idx = stack.lastIndexOf(e.site.holder!);
    if (idx === -1) continue;
    if (idx !== stack.length - 1) return e.site;
    stack.pop();
  }
  return undefined;
}
