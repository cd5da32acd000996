/**
 * dma_map_resource()/dma_unmap_resource() → dma_map_phys()/dma_unmap_phys()
 * with DMA_ATTR_MMIO (reference §1.4, §1.5): since 6.18 the resource API is
 * exactly that wrapper.
 */
import { defineRule } from '../../core/rule.js';
import { PRECEDENCE, callArguments, isLiteralZero, operandText } from '../../engine/analyze/syntax.js';
import { rewriteCall } from '../../engine/edit/call-rewrite.js';
import { DMA_IMPLEMENTATION_FILES } from '../_dma/implementation-files.js';
import { mapHandle, unmapHandle } from '../_dma/handles.js';
import { PARTNER_REASONS, pairInFile, type HandleSite } from '../_dma/partners.js';
import { DMA_REFUSAL_REASONS, fileRefusal, headerRefusal, reportSites, sharedKeys, siteRefusal } from '../_dma/refusals.js';

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
      ...PARTNER_REASONS,
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
    const fileRefused = fileRefusal(ctx.facts);
    // A resource is MMIO by definition: the device-memory refusal of the page API does not apply.
    const refusedFile = headerRefusal(ctx.path, ctx.facts) ?? (fileRefused?.reason === 'maybe-device-memory' ? undefined : fileRefused);
    const sites: HandleSite[] = [];
    for (const m of ctx.matches) {
      const api = m.api;
      const call = m.node('call');
      const args = callArguments(call);
      const role = api.text === 'dma_map_resource' ? 'map' : 'unmap';
      // Keys of resource handles are their own family: a resource is never unmapped with dma_unmap_page().
      const handle = role === 'map' ? mapHandle(call, ctx.path) : args[1] ? unmapHandle(args[1], ctx.path) : { keys: [], followed: false };
      const keys = handle.keys.map((k) => `R${k}`);
      const site: HandleSite = { api, status: 'review', reason: '', role, handle: { ...handle, keys }, ...sharedKeys(role, keys, ctx.path) };
      sites.push(site);
      const refusal = refusedFile ?? siteRefusal(api);
      if (refusal) {
        site.reason = refusal.reason;
        if (refusal.reason === 'shared-header') site.status = 'skip';
        if (refusal.message) site.message = refusal.message;
        continue;
      }
      // Upstream doubled its uses of the resource API between 6.12 and 7.3 and converted none (reference §0.1).
      if (ctx.facts.policy === 'upstream') {
        site.status = 'skip';
        site.reason = 'page-api-kept';
        site.message = 'kept on the resource API by the upstream policy (--policy upstream, the default): upstream\'s uses of dma_map_resource() doubled between 6.12 and 7.3 and none moved to dma_map_phys() (--policy all converts it)';
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
    pairInFile(ctx.path, sites, [], ctx.facts.policy);
    reportSites(ctx, sites, 'dma_map_resource()/dma_unmap_resource() were converted to dma_map_phys()/dma_unmap_phys() with DMA_ATTR_MMIO or\'ed into the attributes, which is what the resource wrappers do since 6.18.', /\bdma_(?:un)?map_resource\b/);
  },
});
