/**
 * The byte prefilter: a file is parsed only if it contains one of the rules'
 * API identifiers as a whole word. It must never change the output, only
 * skip files that cannot hold a site (tested by running with it off).
 */

import { reportKeywords, type Rule } from '../../core/rule.js';

/** The scanner for a rule set: the rules' API names, plus the report-only rules' keywords. */
export function scannerForRules(rules: readonly Rule[]): KeywordScanner {
  return new KeywordScanner(
    rules.flatMap((r) => r.meta.apis),
    rules.flatMap((r) => reportKeywords(r.meta)),
  );
}

/** The fewest substrings that together cover every identifier (e.g. `kmap` covers `kmap_atomic`). */
export function minimalFragments(identifiers: readonly string[]): string[] {
  const unique = [...new Set(identifiers)].sort((a, b) => a.length - b.length || (a < b ? -1 : 1));
  const out: string[] = [];
  for (const id of unique) if (!out.some((f) => id.includes(f))) out.push(id);
  return out;
}

/**
 * How often each identifier byte occurs in kernel C, per mille (measured once
 * over 360 MB of .c/.h files of 7.3; upper-case letters average 4.7). A byte
 * search (`Buffer.indexOf`) finds candidates for its needle's first byte, so
 * its cost grows with that byte's frequency: an anchor starting with `_`
 * (53) costs several times one starting with `k` (6) or `y` (4).
 */
const BYTE_PER_MILLE: Readonly<Record<string, number>> = {
  _: 53, a: 29, b: 9, c: 25, d: 24, e: 56, f: 18, g: 9, h: 10, i: 35, j: 0, k: 6, l: 19, m: 13, n: 31, o: 25, p: 17, q: 2, r: 36,
  s: 33, t: 47, u: 18, v: 8, w: 5, x: 11, y: 4, z: 1, '0': 21, '1': 6, '2': 5, '3': 3, '4': 3, '5': 2, '6': 2, '7': 1, '8': 3, '9': 2,
};
const UPPER_PER_MILLE = 5;
/** The cost of one pass over a file whatever the needle, in the same unit (measured: a pass for a needle whose first byte never occurs costs about as much as 6 per mille of first-byte candidates). */
const PASS_PER_MILLE = 6;

/** The estimated cost of one search pass for `anchor`. */
export function anchorCost(anchor: string): number {
  const first = anchor[0] ?? '';
  return PASS_PER_MILLE + (BYTE_PER_MILLE[first] ?? (/[A-Z]/.test(first) ? UPPER_PER_MILLE : 1));
}

/**
 * Short substrings (4 bytes) that together cover every fragment, chosen
 * greedily by cost per fragment covered (`anchorCost`: one pass, plus the
 * first byte's frequency in C), so a shared anchor is chosen only when it
 * is cheaper than rarer ones of its own: one pass over a file's bytes per
 * anchor rules most files out before the per-fragment search.
 */
export function anchorsOf(fragments: readonly string[], width = 4): string[] {
  const left = new Set(fragments.filter((f) => f.length >= width));
  const anchors: string[] = fragments.filter((f) => f.length < width);
  while (left.size > 0) {
    const cover = new Map<string, number>();
    for (const f of left) {
      const grams = new Set<string>();
      for (let i = 0; i + width <= f.length; i++) grams.add(f.slice(i, i + width));
      for (const g of grams) cover.set(g, (cover.get(g) ?? 0) + 1);
    }
    const price = (g: string) => anchorCost(g) / cover.get(g)!;
    const best = [...cover.keys()].sort((a, b) => price(a) - price(b) || (a < b ? -1 : 1))[0]!;
    anchors.push(best);
    for (const f of [...left]) if (f.includes(best)) left.delete(f);
  }
  return anchors;
}

/** A fragment and where an anchor sits inside it. */
interface Anchored {
  readonly fragment: Buffer;
  readonly offset: number;
}

export class KeywordScanner {
  /** Each anchor with the fragments that contain it (first position). */
  private readonly anchors: { readonly anchor: Buffer; readonly fragments: Anchored[] }[];
  /** Fragments shorter than an anchor: searched for directly. */
  private readonly loose: Buffer[];
  private readonly wordRe: RegExp;
  private readonly extraRe: RegExp | undefined;

  /**
   * `identifiers` are the API names (sites, accounting); `extra` are report-only
   * rules' keywords: they let a file through `mayContain` and are listed by
   * `extraOccurrences`, never by `occurrences`.
   */
  constructor(
    readonly identifiers: readonly string[],
    readonly extra: readonly string[] = [],
  ) {
    const fragments = minimalFragments([...identifiers, ...extra]);
    const anchors = anchorsOf(fragments);
    const covered = new Set<string>();
    this.anchors = anchors.map((a) => {
      const own = fragments.filter((f) => f.includes(a) && !covered.has(f));
      for (const f of own) covered.add(f);
      return { anchor: Buffer.from(a, 'latin1'), fragments: own.map((f) => ({ fragment: Buffer.from(f, 'latin1'), offset: f.indexOf(a) })) };
    });
    this.loose = fragments.filter((f) => !covered.has(f)).map((f) => Buffer.from(f, 'latin1'));
    this.wordRe = wordRegExp(identifiers);
    this.extraRe = extra.length > 0 ? wordRegExp(extra) : undefined;
  }

  /**
   * Cheap byte test: may this file contain an identifier? One pass per
   * anchor; at each anchor hit, the fragments holding that anchor are
   * compared in place (most files never hit an anchor).
   */
  mayContain(bytes: Uint8Array): boolean {
    const buf = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    for (const { anchor, fragments } of this.anchors) {
      for (let at = buf.indexOf(anchor); at !== -1; at = buf.indexOf(anchor, at + 1)) {
        for (const { fragment, offset } of fragments) {
          const start = at - offset;
          if (start >= 0 && start + fragment.length <= buf.length && buf.compare(fragment, 0, fragment.length, start, start + fragment.length) === 0) return true;
        }
      }
    }
    return this.loose.some((f) => buf.indexOf(f) !== -1);
  }

  /** Every whole-word occurrence (what `grep -ow` would print), in text order. */
  occurrences(text: string): { api: string; start: number; end: number }[] {
    return allMatches(this.wordRe, text);
  }

  /** Every whole-word occurrence of the report-only keywords, in text order. */
  extraOccurrences(text: string): { api: string; start: number; end: number }[] {
    return this.extraRe ? allMatches(this.extraRe, text) : [];
  }
}

/** A regular expression matching any of `identifiers` as a whole word (longest first). */
export function wordRegExp(identifiers: readonly string[]): RegExp {
  // An empty alternation would match the empty string everywhere.
  if (identifiers.length === 0) return /(?!)/g;
  const alternation = [...new Set(identifiers)]
    .sort((a, b) => b.length - a.length)
    .map((id) => id.replace(/[^A-Za-z0-9_]/g, ''))
    .join('|');
  return new RegExp(`(?<![A-Za-z0-9_])(?:${alternation})(?![A-Za-z0-9_])`, 'g');
}

function allMatches(re: RegExp, text: string): { api: string; start: number; end: number }[] {
  const out: { api: string; start: number; end: number }[] = [];
  re.lastIndex = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) out.push({ api: m[0], start: m.index, end: m.index + m[0].length });
  return out;
}
