export { createCParser, countErrorNodes, type CParser, type KernelParse, type BranchParse } from './parser.js';
export { normaliseSource, BUILTIN_FOR_EACH_MACROS, type NormaliseOptions, type Normalised, type NormaliseCounts } from './normalise/index.js';
export { changedRanges } from './reparse.js';
export { parseViews, siteIsClean, hasErrorNode, type ApiOccurrence, type ParsedViews, type View } from './views.js';
