/**
 * The rule registry: one import per rule, sorted by id. Adding a rule adds
 * its folder, its query, its docs and corpus, and one line here.
 */
import type { Rule } from '../core/rule.js';
import dmaMapPageToPhys from './dma-map-page-to-phys/rule.js';
import dmaMapResourceToPhys from './dma-map-resource-to-phys/rule.js';
import dmaOpsMapPageToMapPhys from './dma-ops-map-page-to-map-phys/rule.js';
import kmapAtomicToLocal from './kmap-atomic-to-local/rule.js';
import kmapToLocal from './kmap-to-local/rule.js';
import physAddrProvenance from './phys-addr-provenance/rule.js';

export const RULES: readonly Rule[] = [dmaMapPageToPhys, dmaMapResourceToPhys, dmaOpsMapPageToMapPhys, kmapAtomicToLocal, kmapToLocal, physAddrProvenance];
