/**
 * Whole-pipeline properties: the worker pool gives the single-threaded
 * result, and the accounting adds up to what grep counts.
 */
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { FileOutcome } from '../src/core/outcome.js';
import { accountOccurrences, classifiedCount, runMigration } from '../src/engine/pipeline/index.js';
import { RULES } from '../src/rules/index.js';
import { REPO_ROOT } from './harness/corpus.js';

const CORPUS = path.join(REPO_ROOT, 'corpus');
const APIS = RULES.flatMap((r) => r.meta.apis);

/** `LC_ALL=C grep -rwo` over .c/.h files, per identifier. */
function grepCounts(dir: string): Record<string, number> {
  const args = ['-rwoh', '--include=*.c', '--include=*.h', ...APIS.flatMap((a) => ['-e', a]), dir];
  const out = execFileSync('grep', args, { env: { PATH: process.env.PATH, LC_ALL: 'C' }, encoding: 'utf8', maxBuffer: 64 << 20 });
  const counts: Record<string, number> = {};
  for (const w of out.split('\n').filter(Boolean)) counts[w] = (counts[w] ?? 0) + 1;
  return counts;
}

describe('pipeline', () => {
  it('gives the same result with a worker pool as on one thread', async () => {
    const one = await runMigration({ paths: [CORPUS], mode: 'rewrite', jobs: 1, targetVersion: { major: 6, minor: 19 } });
    const two = await runMigration({ paths: [CORPUS], mode: 'rewrite', jobs: 2, targetVersion: { major: 6, minor: 19 } });
    expect(one.files.length).toBeGreaterThan(40);
    expect(one.summary.convert).toBeGreaterThan(0);
    expect(two.files).toEqual(one.files);
    expect(two.summary).toEqual(one.summary);
  }, 120_000);

  it('accounts for every whole-word occurrence grep finds, once', async () => {
    const r = await runMigration({ paths: [CORPUS], mode: 'scan', accounting: true });
    const acc = r.accounting!;
    expect(acc.mismatches).toEqual([]);
    const grep = grepCounts(CORPUS);
    for (const api of APIS) {
      const a = acc.byApi[api]!;
      expect(a.grep, api).toBe(grep[api] ?? 0);
      expect(classifiedCount(a), api).toBe(a.grep);
    }
    expect(acc.total.convert + Object.values(acc.total.review).reduce((x, y) => x + y, 0)).toBeGreaterThan(0);
    expect(Object.keys(acc.total.notACall)).toEqual(expect.arrayContaining(['comment']));
    expect(acc.health.files).toBeGreaterThan(0);
    expect(acc.health.errorFree).toBeGreaterThanOrEqual(acc.health.errorFreeBefore);
  });

  it('reports a classification that does not add up to the byte count as a mismatch', () => {
    const file: FileOutcome = {
      path: 'a.c',
      absPath: '/a.c',
      candidate: true,
      findings: [],
      occurrences: [{ api: 'kmap_atomic', range: { start: 3, end: 14 }, class: 'not-a-call', detail: 'comment' }],
      diagnostics: [],
      applied: [],
      encoding: 'utf8',
      wordCounts: { kmap_atomic: 2 },
      health: { errorFree: true, sites: 0, cleanSites: 0 },
    };
    const acc = accountOccurrences([file], APIS);
    expect(acc.mismatches).toEqual([{ path: 'a.c', api: 'kmap_atomic', grep: 2, classified: 1 }]);
    // A site that lost its finding is a mismatch too.
    const lost = accountOccurrences([{ ...file, wordCounts: { kmap_atomic: 1 }, occurrences: [{ ...file.occurrences[0]!, class: 'site', detail: 'call' }] }], APIS);
    expect(lost.mismatches).toHaveLength(1);
  });
});
