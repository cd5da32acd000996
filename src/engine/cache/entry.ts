/**
 * One stored result on disk: a sealed file (sealed.ts) `dma-migrate-result`
 * whose body is `{deps, outcome}`; a truncated, corrupt or misplaced file
 * is a miss, never an error.
 */
import type { Dependency } from '../../core/dependency.js';
import type { FileOutcome } from '../../core/outcome.js';
import { seal, unseal } from './sealed.js';

/** Bump when the stored shape changes: older entries are then misses. */
export const ENTRY_VERSION = 1;
const MAGIC = 'dma-migrate-result';

/** What is stored: the outcome without the fields that describe the current read (absPath, stamp, original). */
export type StoredOutcome = Omit<FileOutcome, 'absPath' | 'stamp' | 'original' | 'cache'>;

export interface Entry {
  readonly deps: readonly Dependency[];
  readonly outcome: StoredOutcome;
}

export function encodeEntry(key: string, entry: Entry): string {
  return seal(MAGIC, ENTRY_VERSION, key, entry);
}

/** The entry, or undefined when the text is not a whole, valid entry for `key`. */
export function decodeEntry(key: string, text: string): Entry | undefined {
  const e = unseal(MAGIC, ENTRY_VERSION, key, text) as Partial<Entry> | null | undefined;
  if (!e || !Array.isArray(e.deps) || typeof e.outcome !== 'object' || e.outcome === null || typeof e.outcome.path !== 'string') return undefined;
  return e as Entry;
}
