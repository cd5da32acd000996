/**
 * Keeps the result cache under its size bound: when the entries add up to
 * more than the bound, the oldest by modification time are removed until
 * they fit in 80% of it. Temp files left by interrupted writers are removed
 * once they are an hour older than the newest entry (a writer's temp file
 * lives for milliseconds; no clock is read). Run at most once per run, after
 * processing, and only by a run that stored something (a warm run does not
 * walk the cache). Races with other runs are harmless: a reader of a removed
 * entry misses.
 */
import { readdirSync, statSync, unlinkSync } from 'node:fs';
import path from 'node:path';

const STALE_TEMP_MS = 60 * 60 * 1000;

export interface Eviction {
  readonly entries: number;
  readonly bytes: number;
  readonly removed: number;
}

export function evictOverLimit(resultsDir: string, maxBytes: number): Eviction {
  const files: { file: string; size: number; mtimeMs: number; gone?: boolean }[] = [];
  for (const shard of listOrEmpty(resultsDir)) {
    const dir = path.join(resultsDir, shard);
    for (const name of listOrEmpty(dir)) {
      const file = path.join(dir, name);
      try {
        const st = statSync(file);
        if (st.isFile()) files.push({ file, size: st.size, mtimeMs: st.mtimeMs });
      } catch {
        continue; // removed meanwhile by another run
      }
    }
  }
  const newest = files.reduce((m, f) => (f.file.endsWith('.tmp') ? m : Math.max(m, f.mtimeMs)), 0);
  let removed = 0;
  for (const f of files.filter((x) => x.file.endsWith('.tmp') && x.mtimeMs < newest - STALE_TEMP_MS)) {
    try {
      unlinkSync(f.file);
    } catch {
      // removed meanwhile by another run
    }
    f.size = 0;
    f.gone = true;
  }
  let bytes = files.reduce((n, f) => n + f.size, 0);
  if (bytes > maxBytes) {
    files.sort((a, b) => a.mtimeMs - b.mtimeMs || (a.file < b.file ? -1 : 1));
    for (const f of files) {
      if (bytes <= maxBytes * 0.8) break;
      if (f.file.endsWith('.tmp')) continue; // a writer's, still being renamed (stale ones went above)
      try {
        unlinkSync(f.file);
        removed++;
        f.gone = true;
      } catch {
        // removed meanwhile by another run: its bytes are gone all the same
        f.gone = true;
      }
      bytes -= f.size;
    }
  }
  return { entries: files.filter((f) => !f.gone && f.file.endsWith('.json')).length, bytes, removed };
}

function listOrEmpty(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return []; // no cache yet, or a shard removed meanwhile
  }
}
