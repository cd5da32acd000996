export { cacheConfigFor, DEFAULT_CACHE_MAX_BYTES, DependencyLog, ResultCache, replayed, resultsDir, type CacheConfig, type CacheOptions } from './result-cache.js';
export { evictOverLimit, type Eviction } from './evict.js';
export { toolDigest } from './tool-version.js';
export { ManifestRun, manifestKey, manifestsDir, type ManifestReport } from './manifest.js';
