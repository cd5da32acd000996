/** Where dma-migrate keeps downloaded and built artefacts: $DMA_MIGRATE_CACHE, else $XDG_CACHE_HOME/dma-migrate, else ~/.cache/dma-migrate. */
import { homedir } from 'node:os';
import path from 'node:path';

export function cacheDir(env: NodeJS.ProcessEnv): string {
  if (env.DMA_MIGRATE_CACHE) return path.resolve(env.DMA_MIGRATE_CACHE);
  const base = env.XDG_CACHE_HOME ? path.resolve(env.XDG_CACHE_HOME) : path.join(homedir(), '.cache');
  return path.join(base, 'dma-migrate');
}
