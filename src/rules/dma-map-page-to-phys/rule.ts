/**
 * dma_map_page()/dma_map_page_attrs() → dma_map_phys(), and their unmaps →
 * dma_unmap_phys() (reference §1.1, §1.5, §5). dma_map_page_attrs() is, since
 * 6.18, literally `dma_map_phys(dev, page_to_phys(page) + offset, ...)`.
 */
import { defineRule } from '../../core/rule.js';
import { callArguments } from '../../engine/analyze/syntax.js';
import { rewriteCall } from '../../engine/edit/call-rewrite.js';
import { DMA_IMPLEMENTATION_FILES } from '../_dma/implementation-files.js';
import { keptProducers, mapHandle, unmapHandle } from '../_dma/handles.js';
import { PARTNER_REASONS, pairInFile, type HandleSite } from '../_dma/partners.js';
import { DMA_REFUSAL_REASONS, fileRefusal, headerRefusal, reportSites, siteRefusal, sharedKeys } from '../_dma/refusals.js';
import { FORM_NOTES, UPSTREAM_FORMS, physExpression } from '../_dma/phys-expression.js';

const ARITY: Record<string, number> = {
  dma_map_page: 5,
  dma_map_page_attrs: 6,
  dma_unmap_page: 4,
  dma_unmap_page_attrs: 5,
};

export default defineRule({
  meta: {
    id: 'dma-map-page-to-phys',
    summary: 'dma_map_page[_attrs]() → dma_map_phys(dev, page_to_phys(page) + offset, ...); dma_unmap_page[_attrs]() → dma_unmap_phys()',
    confidence: 'high',
    apis: ['dma_map_page', 'dma_map_page_attrs', 'dma_unmap_page', 'dma_unmap_page_attrs'],
    implementedIn: DMA_IMPLEMENTATION_FILES,
    requires: 'dma_map_phys',
    captures: ['api', 'call', 'args'],
    reasons: {
      'page-to-phys': 'converted: page_to_phys(page) + offset is exactly what dma_map_page_attrs() passes to dma_map_phys() since 6.18',
      'virt-to-phys': 'converted: virt_to_page(x), offset_in_page(x) is virt_to_phys(x) for a linear-map address (the original required one too)',
      'sg-phys': 'converted: sg_page(sg), sg->offset is sg_phys(sg)',
      'bvec-phys': 'converted: bv_page, bv_offset of one bio_vec is bvec_phys()',
      'phys-to-page': 'converted: phys_to_page(p), offset_in_page(p) is p',
      'pfn-phys': 'converted: pfn_to_page(pfn) at offset 0 is PFN_PHYS(pfn)',
      unmap: 'converted: dma_unmap_page_attrs() calls dma_unmap_phys() with the same arguments since 6.18',
      'unexpected-arguments': 'the call does not have the prototype\'s number of arguments (a local macro of the same name?)',
      'mmio-attr-on-page': 'the attrs already contain DMA_ATTR_MMIO, which dma_map_page_attrs() refuses but dma_map_phys() honours: converting would change behaviour',
      ...DMA_REFUSAL_REASONS,
      ...PARTNER_REASONS,
    },
    allOrNothingPerFile: true,
    // The handle of a map is followed through the whole file (helpers such as skb_frag_dma_map() included).
    wholeFile: true,
    patchSubject: 'Use dma_map_phys() instead of dma_map_page()',
    rationale:
      'Linux 6.18 added dma_map_phys()/dma_unmap_phys() and made the struct-page based ' +
      'dma_map_page_attrs()/dma_unmap_page_attrs() thin wrappers around them, as part of removing ' +
      'struct page from the inside of the DMA API. Calling the phys API directly is the same ' +
      'operation: dma_map_page_attrs(dev, page, offset, ...) is dma_map_phys(dev, ' +
      'page_to_phys(page) + offset, ...), and dma_map_page() passes attrs 0.',
  },
  check(ctx) {
    const refusedFile = headerRefusal(ctx.path, ctx.facts) ?? fileRefusal(ctx.facts);
    const policy = ctx.facts.policy;
    const sites: HandleSite[] = [];
    for (const m of ctx.matches) {
      const api = m.api;
      const name = api.text;
      const call = m.node('call');
      const args = callArguments(call);
      const isMap = name.startsWith('dma_map');
      const handle = isMap ? mapHandle(call, ctx.path) : args[1] ? unmapHandle(args[1], ctx.path) : { keys: [], followed: false };
      const site: HandleSite = { api, status: 'review', reason: '', role: isMap ? 'map' : 'unmap', handle, ...sharedKeys(isMap ? 'map' : 'unmap', handle.keys, ctx.path) };
      sites.push(site);
      const refusal = refusedFile ?? siteRefusal(api);
      if (refusal) {
        site.reason = refusal.reason;
        if (refusal.reason === 'shared-header') site.status = 'skip';
        if (refusal.message) site.message = refusal.message;
        continue;
      }
      if (args.length !== ARITY[name]) {
        site.reason = 'unexpected-arguments';
        continue;
      }
      const hasAttrs = name.endsWith('_attrs');
      if (hasAttrs && /\bDMA_ATTR_MMIO\b/.test(args[args.length - 1]!.text)) {
        site.reason = 'mmio-attr-on-page';
        continue;
      }
      const callee = isMap ? 'dma_map_phys' : 'dma_unmap_phys';
      if (isMap) {
        const phys = physExpression(args[1]!, args[2]!);
        if (policy === 'upstream' && !UPSTREAM_FORMS.has(phys.form)) {
          site.status = 'skip';
          site.reason = 'page-api-kept';
          continue;
        }
        if (policy === 'upstream' && !handle.followed) {
          site.status = 'skip';
          site.reason = 'partner-kept';
          site.message = `${PARTNER_REASONS['partner-kept']}: the handle is returned or stored through a pointer, so its unmaps cannot be followed`;
          continue;
        }
        site.fixEdits = rewriteCall(ctx.text, call, { callee, replace: [{ from: 1, to: 2, text: phys.text }], ...(hasAttrs ? {} : { append: ['0'] }) }, ctx.newline);
        site.reason = phys.form;
        const note = FORM_NOTES[phys.form];
        if (note) site.notes = [note];
      } else {
        site.fixEdits = rewriteCall(ctx.text, call, { callee, ...(hasAttrs ? {} : { append: ['0'] }) }, ctx.newline);
        site.reason = 'unmap';
      }
      site.status = 'convert';
    }
    pairInFile(ctx.path, sites, keptProducers(ctx.root, ctx.path, ctx.text), policy);
    reportSites(ctx, sites, 'dma_map_page*()/dma_unmap_page*() calls were converted to dma_map_phys()/dma_unmap_phys() with the same device, size, direction and attributes.', /\bdma_(?:un)?map_page(?:_attrs)?\b/);
  },
});
