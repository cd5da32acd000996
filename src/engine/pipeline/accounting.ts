/**
 * Accounting (`scan --stats`): every whole-word occurrence of an API
 * identifier in the C sources — what `LC_ALL=C grep -rwo` finds, counted in
 * the raw bytes — lands in exactly one class. The classes add up to the byte
 * count per file and API; a difference is a bug and is reported as one.
 */
import type { FileOutcome } from '../../core/outcome.js';

export interface ApiAccount {
  /** Whole-word occurrences in the raw bytes. */
  grep: number;
  convert: number;
  /** Sites left for a human, by reason code. */
  review: Record<string, number>;
  /** Sites left alone by policy (the API's own implementation), by reason code. */
  skip: Record<string, number>;
  /** Occurrences that are not calls, by kind (comment, string, declaration, define-name, field, ...). */
  notACall: Record<string, number>;
  insideMacroBody: number;
  parseError: number;
  /** In files that were not parsed (binary, too large): see the diagnostics. */
  unprocessed: number;
}

export interface AccountingMismatch {
  readonly path: string;
  readonly api: string;
  readonly grep: number;
  readonly classified: number;
}

export interface HealthTotals {
  /** Files holding at least one occurrence that were parsed. */
  readonly files: number;
  readonly errorFreeBefore: number;
  readonly errorFree: number;
  readonly sites: number;
  readonly cleanSitesBefore: number;
  readonly cleanSites: number;
}

export interface Accounting {
  readonly byApi: Record<string, ApiAccount>;
  readonly total: ApiAccount;
  /** Every (file, API) whose classes do not add up to its byte count. Must be empty. */
  readonly mismatches: AccountingMismatch[];
  readonly health: HealthTotals;
}

export function emptyAccount(): ApiAccount {
  return { grep: 0, convert: 0, review: {}, skip: {}, notACall: {}, insideMacroBody: 0, parseError: 0, unprocessed: 0 };
}

export function classifiedCount(a: ApiAccount): number {
  const sum = (r: Record<string, number>) => Object.values(r).reduce((x, y) => x + y, 0);
  return a.convert + sum(a.review) + sum(a.skip) + sum(a.notACall) + a.insideMacroBody + a.parseError + a.unprocessed;
}

const bump = (r: Record<string, number>, k: string, n = 1) => {
  r[k] = (r[k] ?? 0) + n;
};

export function accountOccurrences(files: readonly FileOutcome[], apis: readonly string[]): Accounting {
  const byApi: Record<string, ApiAccount> = {};
  for (const api of apis) byApi[api] = emptyAccount();
  const mismatches: AccountingMismatch[] = [];
  let parsedFiles = 0;
  let errorFree = 0;
  let errorFreeBefore = 0;
  let sites = 0;
  let clean = 0;
  let cleanBefore = 0;

  for (const file of files) {
    if (file.health && file.occurrences.length > 0) {
      parsedFiles++;
      if (file.health.errorFree) errorFree++;
      if (file.health.raw?.errorFree ?? file.health.errorFree) errorFreeBefore++;
      sites += file.health.sites;
      clean += file.health.cleanSites;
      cleanBefore += file.health.raw?.cleanSites ?? file.health.cleanSites;
    }
    const counted: Record<string, number> = {};
    const findingAt = new Map(file.findings.map((f) => [f.range.start, f]));
    for (const o of file.occurrences) {
      const acc = (byApi[o.api] ??= emptyAccount());
      counted[o.api] = (counted[o.api] ?? 0) + 1;
      const f = findingAt.get(o.range.start);
      if (f && f.api === o.api && f.status === 'convert') {
        acc.convert++;
        continue;
      }
      switch (o.class) {
        case 'site':
          if (!f || f.api !== o.api) {
            // A site without a finding: the engine lost it. Counted as a mismatch below.
            counted[o.api]!--;
          } else if (f.status === 'skip') bump(acc.skip, f.reason);
          else bump(acc.review, f.reason);
          break;
        case 'inside-macro-body':
          acc.insideMacroBody++;
          break;
        case 'parse-error':
          acc.parseError++;
          break;
        case 'not-a-call':
          bump(acc.notACall, o.detail);
          break;
      }
    }
    const parsed = file.health !== undefined || file.occurrences.length > 0;
    for (const [api, grep] of Object.entries(file.wordCounts ?? {})) {
      const acc = (byApi[api] ??= emptyAccount());
      acc.grep += grep;
      const got = counted[api] ?? 0;
      if (!parsed && got === 0 && file.diagnostics.length > 0) {
        acc.unprocessed += grep;
      } else if (got !== grep) {
        mismatches.push({ path: file.path, api, grep, classified: got });
      }
    }
    // Occurrences the bytes do not show (cannot happen unless the decoder and the byte count disagree).
    for (const [api, got] of Object.entries(counted)) {
      if (file.wordCounts && (file.wordCounts[api] ?? 0) === 0 && got > 0) mismatches.push({ path: file.path, api, grep: 0, classified: got });
    }
  }

  const total = emptyAccount();
  for (const a of Object.values(byApi)) {
    total.grep += a.grep;
    total.convert += a.convert;
    total.insideMacroBody += a.insideMacroBody;
    total.parseError += a.parseError;
    total.unprocessed += a.unprocessed;
    for (const [k, v] of Object.entries(a.review)) bump(total.review, k, v);
    for (const [k, v] of Object.entries(a.skip)) bump(total.skip, k, v);
    for (const [k, v] of Object.entries(a.notACall)) bump(total.notACall, k, v);
  }
  return {
    byApi,
    total,
    mismatches,
    health: { files: parsedFiles, errorFreeBefore, errorFree, sites, cleanSitesBefore: cleanBefore, cleanSites: clean },
  };
}
