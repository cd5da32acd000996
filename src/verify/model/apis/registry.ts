/**
 * Every modelled API, by name. A call to a name found here becomes the
 * family's abstract operations; a rewrite that adds or removes calls to an
 * API that is neither here nor a pure accessor cannot be judged.
 */
import type { ApiFamily, ApiSemantics } from './api-model.js';
import { context } from './context.js';
import { dmaHandle } from './dma-handle.js';
import { dmaMapPage } from './dma-map-page.js';
import { dmaMapPhys } from './dma-map-phys.js';
import { dmaMapResource } from './dma-map-resource.js';
import { dmaMapSingle } from './dma-map-single.js';
import { kmapGlobal } from './kmap.js';
import { kmapAtomic } from './kmap-atomic.js';
import { kmapLocal } from './kmap-local.js';
import { memHelpers } from './mem-helpers.js';

export const API_FAMILIES: readonly ApiFamily[] = [
  context,
  dmaHandle,
  dmaMapPage,
  dmaMapPhys,
  dmaMapResource,
  dmaMapSingle,
  kmapGlobal,
  kmapAtomic,
  kmapLocal,
  memHelpers,
];

const BY_NAME = new Map<string, { family: ApiFamily; semantics: ApiSemantics }>();
for (const family of API_FAMILIES) {
  for (const [name, semantics] of Object.entries(family.apis)) BY_NAME.set(name, { family, semantics });
}

export function modelOf(name: string): { family: ApiFamily; semantics: ApiSemantics } | undefined {
  return BY_NAME.get(name);
}

/** Plain accesses the helpers expand into: known, compared as calls. */
export const ACCESS_CALLS: ReadonlySet<string> = new Set(['memcpy', 'memset', 'memmove', 'clear_page']);
