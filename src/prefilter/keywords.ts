/**
 * The byte prefilter: a file is parsed only if it contains one of the rules'
 * API identifiers as a whole word. It must never change the output, only
 * skip files that cannot hold a site (tested by running with it off).
 */

/** The fewest substrings that together cover every identifier (e.g. `kmap` covers `kmap_atomic`). */
export function minimalFragments(identifiers: readonly string[]): string[] {
  const unique = [...new Set(identifiers)].sort((a, b) => a.length - b.length || (a < b ? -1 : 1));
  const out: string[] = [];
  for (const id of unique) if (!out.some((f) => id.includes(f))) out.push(id);
  return out;
}

export class KeywordScanner {
  private readonly fragments: Buffer[];
  private readonly wordRe: RegExp;

  constructor(readonly identifiers: readonly string[]) {
    this.fragments = minimalFragments(identifiers).map((f) => Buffer.from(f, 'latin1'));
    const alternation = [...new Set(identifiers)]
      .sort((a, b) => b.length - a.length)
      .map((id) => id.replace(/[^A-Za-z0-9_]/g, ''))
      .join('|');
    this.wordRe = new RegExp(`(?<![A-Za-z0-9_])(?:${alternation})(?![A-Za-z0-9_])`, 'g');
  }

  /** Cheap byte test: may this file contain an identifier? */
  mayContain(bytes: Uint8Array): boolean {
    const buf = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    return this.fragments.some((f) => buf.indexOf(f) !== -1);
  }

  /** Every whole-word occurrence (what `grep -ow` would print), in text order. */
  occurrences(text: string): { api: string; start: number; end: number }[] {
    const out: { api: string; start: number; end: number }[] = [];
    this.wordRe.lastIndex = 0;
    for (let m = this.wordRe.exec(text); m; m = this.wordRe.exec(text)) {
      out.push({ api: m[0], start: m.index, end: m.index + m[0].length });
    }
    return out;
  }
}
