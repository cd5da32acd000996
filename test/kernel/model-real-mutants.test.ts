/**
 * The behaviour model on real code: dma-migrate's own output on Debian's
 * 6.12 tree is accepted, and the same output with one deliberate mistake per
 * file (made through the syntax tree) is never accepted.
 */
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { FileOutcome } from '../../src/core/outcome.js';
import { parseKernelVersion } from '../../src/core/target.js';
import { cacheDir, ensureKernelSource } from '../../src/validate/kernel-source/index.js';
import { createCParser } from '../../src/engine/parse/index.js';
import { runMigration } from '../../src/engine/pipeline/index.js';
import { verifyChange } from '../../src/verify/index.js';
import { MUTATIONS } from './real-mutations.js';

const parser = createCParser();

describe('the behaviour model on Debian linux-source-6.12', () => {
  let changed: FileOutcome[] = [];
  beforeAll(async () => {
    const tree = await ensureKernelSource('6.12', { cacheDir: cacheDir(process.env) });
    const run = await runMigration({ paths: [tree], mode: 'rewrite', noVerify: true, policy: 'all', targetVersion: parseKernelVersion('6.18')! });
    changed = run.files.filter((f) => f.original !== undefined && f.output !== undefined);
  });

  // Each test runs for seconds without yielding: let the worker answer vitest's RPC (60 s timeout) in between.
  beforeEach(() => new Promise<void>((resolve) => setImmediate(resolve)));

  it('accepts or declines to judge dma-migrate\'s own rewrites, and rejects none', () => {
    const verdicts = changed.flatMap((f) => verifyChange(f.original!, f.output!, parser).functions);
    expect(verdicts.filter((v) => v.verdict === 'rejected').map((v) => v.name)).toEqual([]);
    expect(verdicts.filter((v) => v.verdict === 'accepted').length).toBeGreaterThan(0.95 * verdicts.length);
  });

  it.each(Object.keys(MUTATIONS))('never accepts a rewrite with the mistake %s', (kind) => {
    let rejected = 0;
    let tried = 0;
    const accepted: string[] = [];
    for (const f of changed) {
      const mutated = MUTATIONS[kind]!(f.output!, parser.parse(f.output!).rootNode);
      if (mutated === undefined) continue;
      tried++;
      const verdicts = verifyChange(f.original!, mutated, parser).functions.map((v) => v.verdict);
      if (verdicts.includes('rejected')) rejected++;
      else if (!verdicts.includes('unjudged')) accepted.push(f.path);
    }
    expect(tried).toBeGreaterThan(5);
    expect(accepted).toEqual([]);
    expect(rejected).toBeGreaterThan(0.9 * tried);
  });
});
