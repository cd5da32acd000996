/**
 * Count whole-word occurrences of identifiers in raw bytes, as
 * `LC_ALL=C grep -ow` does (word characters: ASCII letters, digits, `_`).
 * Independent of the decoder and the scanner's regular expression, so the
 * accounting can check that every occurrence was classified exactly once.
 */
const isWordByte = (b: number | undefined) =>
  b !== undefined && ((b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5a) || (b >= 0x61 && b <= 0x7a) || b === 0x5f);

export function countWholeWords(bytes: Uint8Array, identifiers: readonly string[]): Record<string, number> {
  const buf = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out: Record<string, number> = {};
  for (const id of new Set(identifiers)) {
    const needle = Buffer.from(id, 'latin1');
    let count = 0;
    for (let at = buf.indexOf(needle); at !== -1; at = buf.indexOf(needle, at + 1)) {
      if (!isWordByte(buf[at - 1]) && !isWordByte(buf[at + needle.length])) count++;
    }
    if (count > 0) out[id] = count;
  }
  return out;
}
