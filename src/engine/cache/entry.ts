/**
 * One stored result on disk: a header line `dma-migrate-result <version>
 * <key> <sha256 of the body>` and a JSON body `{deps, outcome}`. A reader
 * accepts an entry only when the header names this format version and the
 * key it looked for and the body hashes to the header's digest, so a
 * truncated, corrupt or misplaced file is a miss, never an error.
 */
import { createHash } from 'node:crypto';
import type { Dependency } from '../../core/dependency.js';
import type { FileOutcome } from '../../core/outcome.js';

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
  const body = JSON.stringify(entry);
  return `${MAGIC} ${ENTRY_VERSION} ${key} ${sha256(body)}\n${body}`;
}

/** The entry, or undefined when the text is not a whole, valid entry for `key`. */
export function decodeEntry(key: string, text: string): Entry | undefined {
  const nl = text.indexOf('\n');
  if (nl < 0) return undefined;
  const [magic, version, storedKey, sum, ...rest] = text.slice(0, nl).split(' ');
  if (magic !== MAGIC || version !== String(ENTRY_VERSION) || storedKey !== key || rest.length > 0) return undefined;
  const body = text.slice(nl + 1);
  if (sha256(body) !== sum) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return undefined; // cannot happen with a matching digest, unless the writer was broken: a miss
  }
  const e = parsed as Partial<Entry> | null;
  if (!e || !Array.isArray(e.deps) || typeof e.outcome !== 'object' || e.outcome === null || typeof e.outcome.path !== 'string') return undefined;
  return e as Entry;
}

function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}
