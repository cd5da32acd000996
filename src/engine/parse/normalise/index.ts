export { normaliseSource, type NormaliseOptions, type Normalised, type NormaliseCounts } from './normalise.js';
export { BUILTIN_FOR_EACH_MACROS } from './kernel-words.js';
