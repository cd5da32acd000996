/**
 * dma_map_resource()/dma_unmap_resource() → dma_map_phys()/dma_unmap_phys()
 * with DMA_ATTR_MMIO (reference §1.4, §1.5): since 6.18 the resource API is
 * exactly that wrapper.
 */
import { defineRule } from '../../core/rule.js';
import { PRECEDENCE, callArguments, isLiteralZero, operandText } from '../../engine/analyze/syntax.js';
import { rewriteCall } from '../../engine/edit/call-rewrite.js';
import { DMA_REFUSAL_REASONS, fileRefusal, reportSites, siteRefusal, type PendingSite } from '../_dma/refusals.js';
import { DMA_IMPLEMENTATION_FILES } from '../_dma/implementation-files.js';

export default defineRule({
  meta: {
    id: 'dma-map-resource-to-phys',
    summary: 'dma_map_resource()/dma_unmap_resource() → dma_map_phys()/dma_unmap_phys() with DMA_ATTR_MMIO',
    confidence: 'high',
    apis: ['dma_map_resource', 'dma_unmap_resource'],
    implementedIn: DMA_IMPLEMENTATION_FILES,
    requires: 'dma_map_phys',
    captures: ['api', 'call', 'args'],
    reasons: {
      'mmio-attr': 'converted: dma_map_resource(dev, p, s, d, a) is dma_map_phys(dev, p, s, d, a | DMA_ATTR_MMIO) since 6.18',
      'unexpected-arguments': 'the call does not have the prototype\'s five arguments (a local macro of the same name?)',
      ...DMA_REFUSAL_REASONS,
    },
    allOrNothingPerFile: true,
    patchSubject: 'Use dma_map_phys() instead of dma_map_resource()',
    rationale:
      'Linux 6.18 added dma_map_phys()/dma_unmap_phys() with the DMA_ATTR_MMIO attribute and made ' +
      'dma_map_resource()/dma_unmap_resource() wrappers that or DMA_ATTR_MMIO into the attributes. ' +
      'Calling the phys API with DMA_ATTR_MMIO is the same operation, and lets callers that walk ' +
      'mixed memory use one mapping path.',
  },
  check(ctx) {
    const refusedFile = fileRefusal(ctx.facts);
    const sites: PendingSite[] = [];
    for (const m of ctx.matches) {
      const api = m.api;
      const call = m.node('call');
      const args = callArguments(call);
      const site: PendingSite = { api, status: 'review', reason: '' };
      sites.push(site);
      // A resource is MMIO by definition: the device-memory refusal of the page API does not apply.
      const refusal = (refusedFile?.reason === 'maybe-device-memory' ? undefined : refusedFile) ?? siteRefusal(api);
      if (refusal) {
        site.reason = refusal.reason;
        if (refusal.message) site.message = refusal.message;
        continue;
      }
      if (args.length !== 5) {
        site.reason = 'unexpected-arguments';
        continue;
      }
      const attrs = args[4]!;
      let attrsText: string;
      if (isLiteralZero(attrs)) attrsText = 'DMA_ATTR_MMIO';
      else if (/\bDMA_ATTR_MMIO\b/.test(attrs.text)) attrsText = attrs.text;
      else attrsText = `${operandText(attrs, PRECEDENCE.bitwiseOr, 'left')} | DMA_ATTR_MMIO`;
      const callee = api.text === 'dma_map_resource' ? 'dma_map_phys' : 'dma_unmap_phys';
      site.fixEdits = rewriteCall(ctx.text, call, { callee, replace: [{ from: 4, to: 4, text: attrsText }] }, ctx.newline);
      site.status = 'convert';
      site.reason = 'mmio-attr';
    }
    reportSites(ctx, sites, 'dma_map_resource()/dma_unmap_resource() were converted to dma_map_phys()/dma_unmap_phys() with DMA_ATTR_MMIO or\'ed into the attributes, which is what the resource wrappers do since 6.18.');
  },
});
