/**
 * Keeps the result cache under its size bound: when the entries (and temp
 * files left by interrupted writers) add up to more than the bound, the
 * oldest by modification time are removed until they fit in 80% of it. Run
 * at most once per run, after processing, and only by a run that stored
 * something (a warm run does not walk the cache). Removal races with other
 * runs are harmless: a reader of a removed entry misses, a writer whose temp
 * file went away stores nothing.
 */
import { readdirSync, statSync, unlinkSync } from 'node:fs';
import path from 'node:path';

export interface Eviction {
  readonly entries: number;
  readonly bytes: number;
  readonly removed: number;
}

export function evictOverLimit(resultsDir: string, maxBytes: number): Eviction {
  const files: { file: string; size: number; mtimeMs: number }[] = [];
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
  let bytes = files.reduce((n, f) => n + f.size, 0);
  let removed = 0;
  if (bytes > maxBytes) {
    files.sort((a, b) => a.mtimeMs - b.mtimeMs || (a.file < b.file ? -1 : 1));
    for (const f of files) {
      if (bytes <= maxBytes * 0.8) break;
      try {
        unlinkSync(f.file);
        removed++;
      } catch {
        // removed meanwhile by another run: its bytes are gone all the same
      }
      bytes -= f.size;
    }
  }
  return { entries: files.length - removed, bytes, removed };
}

function listOrEmpty(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return []; // no cache yet, or a shard removed meanwhile
  }
}
