/**
 * A cross-process lock as a directory (mkdir is atomic): one build per cache
 * entry at a time. A lock older than `staleMs` is taken over (its holder died).
 */
import { mkdirSync, rmdirSync, statSync } from 'node:fs';

export async function withDirLock<T>(
  lock: string,
  fn: () => Promise<T>,
  opts: { log?: (line: string) => void; staleMs?: number; now: () => number },
): Promise<T> {
  const stale = opts.staleMs ?? 2 * 60 * 60 * 1000;
  for (let waited = 0; ; waited += 1000) {
    try {
      mkdirSync(lock);
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      let age = 0;
      try {
        age = opts.now() - statSync(lock).mtimeMs;
      } catch (statErr) {
        if ((statErr as NodeJS.ErrnoException).code === 'ENOENT') continue; // released meanwhile
        throw statErr;
      }
      if (age > stale) {
        rmdirSync(lock);
        continue;
      }
      if (waited === 0) opts.log?.(`waiting for another dma-migrate using ${lock}`);
      await new Promise((r) => setTimeout(r, 1000));
    }
  }
  try {
    return await fn();
  } finally {
    rmdirSync(lock);
  }
}
