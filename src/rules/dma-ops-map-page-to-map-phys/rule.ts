/**
 * struct dma_map_ops providers: .map_page/.unmap_page (and .map_resource/
 * .unmap_resource) → .map_phys/.unmap_phys, for 6.19 (reference §2). One
 * atomic fix per file: the ops fields, the provider functions' names,
 * signatures and bodies, their callers, prototypes and comments.
 */
import { LineIndex } from '../../core/range.js';
import { defineRule } from '../../core/rule.js';
import { planProviders, type RefusalReason } from './plan-providers.js';
import { DMA_IMPLEMENTATION_FILES } from '../_dma/implementation-files.js';

const REFUSALS: Readonly<Record<RefusalReason, string>> = {
  'provider-elsewhere': 'the provider function is not defined in this file; it must be converted where it is defined, together with these ops',
  'provider-not-a-name': 'the ops field is not initialised with a plain function name (a macro or an expression), so the provider cannot be found',
  'provider-ambiguous': 'the provider function has several definitions in this file (#if variants); each needs the same conversion, which is left to a human',
  'unexpected-signature': 'the provider function does not have the .map_page/.unmap_page prototype (dev, page, offset, size, dir, attrs)',
  'external-linkage': 'the provider function is not static, so callers in other files would need the new name or signature',
  'function-parse-error': 'tree-sitter could not parse the whole provider function, so not every use of page and offset is visible',
  'param-modified': 'the page or offset parameter is assigned, incremented or passed by address in the body, so it cannot be computed from phys',
  'param-shadowed': 'a local variable shadows the page or offset parameter',
  'body-macro': 'a #define inside the provider names page or offset; its body is not parsed',
  'provider-referenced': 'the map_page function is used other than as the ops field, a direct call or a prototype (e.g. stored in another pointer), so a caller out of sight would still pass (page, offset)',
  'unexpected-caller-arguments': 'an internal call of the map_page function does not pass six arguments',
  'name-collision': 'the new *_map_phys/*_unmap_phys name already exists in the file',
  'name-in-macro': 'the provider name occurs in a macro body or unparsed code, which a syntax-tree rename cannot reach',
  'mmio-fold-mismatch': 'the same provider function serves ops objects with different .map_resource/.unmap_resource callbacks, so one DMA_ATTR_MMIO behaviour cannot serve both',
  'resource-without-page': 'the ops have .map_resource/.unmap_resource but no .map_page/.unmap_page to fold them into',
  'mmio-check-placement': 'a declaration at the top of the provider calls something that may allocate, map, lock or take a reference; the DMA_ATTR_MMIO check (or dispatch) placed after the declarations would run too late, so a human must place it',
};

export default defineRule({
  meta: {
    id: 'dma-ops-map-page-to-map-phys',
    summary: 'struct dma_map_ops .map_page/.unmap_page/.map_resource/.unmap_resource → .map_phys/.unmap_phys (provider signatures, bodies, callers)',
    confidence: 'moderate',
    apis: ['map_page', 'unmap_page', 'map_resource', 'unmap_resource'],
    implementedIn: DMA_IMPLEMENTATION_FILES,
    requires: 'dma_map_ops_map_phys',
    captures: ['api', 'value', 'ops'],
    reasons: {
      'map-phys': 'converted: the .map_page provider now takes phys_addr_t phys; its uses of page and offset are computed from phys as the 6.18 core did (page = phys_to_page(phys), offset = offset_in_page(phys)), simplified exactly',
      'unmap-phys': 'converted: the .unmap_page provider is renamed .unmap_phys; its prototype is unchanged',
      'unrelated-function': 'a plain function named map_page()/unmap_page() (e.g. an architecture\'s page-table helper), not a dma_map_ops callback: nothing to do',
      'mmio-folded': 'converted: the .map_resource/.unmap_resource callback now serves DMA_ATTR_MMIO requests from the phys callback, as the core did before 6.19',
      ...REFUSALS,
    },
    allOrNothingPerFile: true,
    patchSubject: 'Switch to physical address mapping callbacks',
    wholeFile: true,
    rationale:
      'Linux 6.19 replaced the .map_page/.unmap_page and .map_resource/.unmap_resource callbacks of ' +
      'struct dma_map_ops by .map_phys/.unmap_phys, which take a physical address and receive MMIO ' +
      'requests with DMA_ATTR_MMIO. A provider must take phys_addr_t, and must either handle MMIO or ' +
      'refuse it with DMA_MAPPING_ERROR.',
  },
  check(ctx) {
    const unrelated = ctx.matches.filter((m) => m.get('ops') === undefined);
    for (const m of unrelated) ctx.report({ api: m.api.text, at: m.api, status: 'skip', reason: 'unrelated-function' });
    const fields = ctx.matches.filter((m) => m.get('ops') !== undefined);
    if (fields.length === 0) return;
    const plan = planProviders(ctx.text, ctx.root, fields, ctx.newline);
    const lines = new LineIndex(ctx.text);
    const lineOf = (node: { startIndex: number }) => lines.positionOf(node.startIndex).line;
    const fixId = plan.refusals.size === 0 && plan.edits.length > 0 ? ctx.addFix(plan.edits, plan.notes) : undefined;
    const first = [...plan.refusals.values()][0];
    fields.forEach((m, i) => {
      const refusal = plan.refusals.get(i);
      if (refusal) {
        ctx.report({ api: m.api.text, at: m.api, status: 'review', reason: refusal.reason, message: `${REFUSALS[refusal.reason]} (line ${lineOf(refusal.node)}: ${refusal.detail})` });
        return;
      }
      if (first) {
        ctx.report({
          api: m.api.text,
          at: m.api,
          status: 'review',
          reason: 'partner-site-refused',
          message: `the file's dma_map_ops providers are converted together or not at all; line ${lineOf(first.node)}: ${first.reason}: ${first.detail}`,
          related: [{ range: { start: first.node.startIndex, end: first.node.endIndex }, message: first.detail }],
        });
        return;
      }
      const reason = m.api.text === 'map_page' ? 'map-phys' : m.api.text === 'unmap_page' ? 'unmap-phys' : 'mmio-folded';
      const todo = plan.todos.get(i);
      ctx.report({ api: m.api.text, at: m.api, status: 'convert', reason, ...(fixId !== undefined ? { fixId } : {}), ...(plan.summaries.get(i) ? { notes: [plan.summaries.get(i)!] } : {}), ...(todo ? { todo } : {}) });
    });
  },
});
