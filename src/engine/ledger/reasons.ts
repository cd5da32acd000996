/**
 * Reasons the engine itself gives a site (rules declare their own in
 * `meta.reasons`). Adding one is one line here: the key is the reason code,
 * the value the sentence `--json` and `scan` print; `EngineReason` follows.
 * A reason only one rule gives (e.g. `page-api-kept`, `partner-kept`,
 * `shared-header`, `unmap-address-outside-mapping`)
 * belongs in that rule's `meta.reasons` instead: one line there. An engine
 * limit such as `too-deep` is one line here (as it is).
 */
export const ENGINE_REASONS = {
  'api-as-value': 'the API is used as a value (function pointer or macro argument), not called: the call that eventually happens is out of sight',
  'parse-error': 'the site lies in a region tree-sitter could not parse; it is left untouched',
  'target-lacks-api': 'the target tree does not provide the replacement API; pass --target-version to rewrite for a newer kernel',
  'inside-macro-body': 'the call is inside a #define body that does not parse as statements or an expression (or its rewrite would need a new line), so it is not rewritten',
  conflict: 'another rewrite touched the same code and this one could not be re-applied on top of it',
  'new-parse-errors': 'the rewritten code did not re-parse cleanly, so the rewrite was withdrawn',
  'rule-failed': 'the rule failed on this file (a bug in dma-migrate); the site is left untouched',
  'model-rejected': 'the behaviour model rejected this rewrite (it is not equivalent, or breaks a contract the old code kept), so it was not applied',
  'model-unjudged': 'the behaviour model could not judge this rewrite (an API without a model entry, too many paths, an unsupported construct), so it was not applied',
  'edit-spans-conditional':
    '#if/#else lines split the call, or separate it from the map or unmap it pairs with, so the code was read one branch at a time; the rewrite would replace or pair code across branches, so it is left for a human',
  'too-deep': 'the function nests deeper than dma-migrate analyses (over 400 syntax levels: thousands of braces, parentheses or else-ifs); its sites are left untouched, the rest of the file is processed',
  'api-implementation': 'this file implements the API itself',
  'obsolete-subsystem': 'the file belongs to a subsystem MAINTAINERS marks "S: Obsolete" (old code, to be removed): nobody takes patches for it, so it is left alone',
  'partner-site-refused':
    'another site of the same map/unmap family in this file is left for review; converting the rest would mix the new API with the old one (e.g. dma_map_phys() with dma_unmap_page()), which reviewers read as a bug',
} as const satisfies Readonly<Record<string, string>>;

export type EngineReason = keyof typeof ENGINE_REASONS;

export function isEngineReason(reason: string): reason is EngineReason {
  return Object.hasOwn(ENGINE_REASONS, reason);
}
