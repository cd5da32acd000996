/**
 * phys-addr-provenance: a report-only check that a physical address reaches
 * only the APIs its memory allows (reference §1.4, §1.6, §4). struct page used
 * to say "this is RAM"; a phys_addr_t does not, and DMA_ATTR_MMIO is checked
 * only at run time by DMA-API debugging. The analysis is in
 * engine/analyze/provenance; this rule turns its conflicts into findings.
 */
import { defineRule, type RuleContext } from '../../core/rule.js';
import { callName } from '../../engine/analyze/syntax.js';
import { TRIGGERS, findProvenanceConflicts, type ProvenanceFinding } from '../../engine/analyze/provenance/index.js';
import { mentionsDevicePages } from '../_dma/refusals.js';

const REASONS = {
  'mmio-address-to-ram-api':
    'an address of device memory (MMIO: a PCI BAR, a platform IORESOURCE_MEM resource) reaches an API that needs system RAM: dma_map_phys() without DMA_ATTR_MMIO, kmap_local_pfn(), phys_to_virt(), pfn_to_page() or CPU cache maintenance',
  'ram-address-to-mmio-api':
    'an address of system RAM (from a struct page or the linear map) reaches an API meant for MMIO: dma_map_resource() or dma_map_phys() with DMA_ATTR_MMIO, which skip the CPU cache maintenance RAM needs',
} as const;

export default defineRule({
  meta: {
    id: 'phys-addr-provenance',
    summary: 'report (no fix) a RAM physical address given to an MMIO-only API, or an MMIO address to a RAM-only one',
    confidence: 'low',
    apis: [],
    reportOnly: { triggers: TRIGGERS },
    captures: ['api', 'call'],
    reasons: REASONS,
    rationale:
      'Since the DMA API moved to physical addresses, nothing in the type says whether an address is RAM or MMIO; ' +
      'only DMA_ATTR_MMIO does, and only DMA-API debugging checks it, at run time. An MMIO address given to a RAM path ' +
      '(kmap, phys_to_virt, cache maintenance, a non-MMIO DMA mapping) or RAM given to an MMIO path (no cache sync) is a bug.',
  },
  check(ctx: RuleContext) {
    // Without a sink call in the file there is nothing to find; the conflicts come from the whole file.
    if (ctx.matches.length === 0) return;
    for (const f of findProvenanceConflicts(ctx.root, ctx.text, { devicePages: mentionsDevicePages(ctx.facts), archCode: /^arch\//.test(ctx.path) })) {
      ctx.report({
        api: f.api,
        at: f.at,
        status: 'review',
        reason: f.found === 'mmio' ? 'mmio-address-to-ram-api' : 'ram-address-to-mmio-api',
        message: messageOf(f),
        related: [
          { range: { start: f.origin.startIndex, end: f.origin.endIndex }, message: `the address comes from ${callName(f.origin) ?? f.origin.text}()` },
          ...(f.sinkApi !== f.api ? [{ range: { start: f.sinkNode.startIndex, end: f.sinkNode.endIndex }, message: `${f.sinkApi}() receives it here` }] : []),
        ],
      });
    }
  },
});

const lineOf = (n: { startPosition: { row: number } }) => n.startPosition.row + 1;

function messageOf(f: ProvenanceFinding): string {
  const what = f.found === 'mmio' ? 'MMIO (not RAM)' : 'system RAM';
  const from = `${callName(f.origin) ?? 'its source'}() at line ${lineOf(f.origin)}`;
  const sink = f.sinkApi === 'dma_map_phys' ? (f.required === 'mmio' ? 'dma_map_phys() with DMA_ATTR_MMIO' : 'dma_map_phys() without DMA_ATTR_MMIO') : `${f.sinkApi}()`;
  const via = f.sinkApi === f.api ? `given to ${sink}` : `given to ${f.api}(), which passes it to ${sink} at line ${lineOf(f.sinkNode)}`;
  return `the address is ${what}, from ${from}, ${via}: ${f.why}`;
}
