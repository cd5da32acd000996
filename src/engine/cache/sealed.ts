/**
 * The on-disk form of everything the cache stores (results, manifests): a
 * header line `<magic> <version> <key> <sha256 of the body>` and a JSON
 * body. A reader accepts a file only when the header names the format and
 * version it expects and the key it looked for, and the body hashes to the
 * header's digest, so a truncated, corrupt or misplaced file reads as
 * nothing (a miss), never as an error.
 */
import { createHash } from 'node:crypto';

export function seal(magic: string, version: number, key: string, value: unknown): string {
  const body = JSON.stringify(value);
  return `${magic} ${version} ${key} ${sha256(body)}\n${body}`;
}

/** The parsed body, or undefined when `text` is not a whole, valid file of this format, version and key. */
export function unseal(magic: string, version: number, key: string, text: string): unknown {
  const nl = text.indexOf('\n');
  if (nl < 0) return undefined;
  const [m, v, storedKey, sum, ...rest] = text.slice(0, nl).split(' ');
  if (m !== magic || v !== String(version) || storedKey !== key || rest.length > 0) return undefined;
  const body = text.slice(nl + 1);
  if (sha256(body) !== sum) return undefined;
  try {
    return JSON.parse(body) as unknown;
  } catch {
    return undefined; // cannot happen with a matching digest, unless the writer was broken: a miss
  }
}

function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}
