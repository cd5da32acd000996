export { DependencyLog, ResultCache, replayed, resultsDir, type CacheConfig } from './result-cache.js';
export { evictOverLimit, type Eviction } from './evict.js';
export { toolDigest } from './tool-version.js';
