/**
 * The generative suite at scale, and its invariants on the real trees.
 *
 * 1. Many more generated files than `npm test` runs (GEN_RUNS, default 300),
 *    from a random seed (GEN_SEED replays one; a failure prints the command).
 * 2. The whole 7.3 tree (its own headers) and the 6.12 and 6.1 trees
 *    (rewritten for 6.19), checked for what whole-tree.test.ts and
 *    older-tree.test.ts do not already hold on every tree: no internal
 *    error on 7.3; every site's reason documented by its rule or the engine;
 *    the behaviour model rejecting none of the rules' rewrites (6.12, 7.3);
 *    each output equal to its input with the applied edits spliced in (no
 *    byte outside an edit changes; 7.3 also parses no worse); and a second run over the rewritten
 *    files changing nothing (7.3, 6.1).
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cacheDir, ensureKernelSource } from '../../src/validate/kernel-source/index.js';
import { runMigration, type RunResult } from '../../src/engine/pipeline/index.js';
import { applyFixes } from '../../src/engine/apply/index.js';
import type { KernelVersion } from '../../src/core/target.js';
import { documentedReason } from '../generative/invariants.js';
import { runGenerative } from '../generative/property.js';
import { parsesWorse } from './tree-checks.js';

const RUNS = Number(process.env.GEN_RUNS ?? 300);

describe('generative: invariants on generated kernel-style files, at scale', () => {
  it(`${RUNS} generated files keep every invariant`, async () => {
    // A fixed seed, so CI is repeatable; GEN_SEED=random draws one (a failure prints its replay command).
    const { seed, numRuns } = await runGenerative({ numRuns: RUNS, testFile: 'test/kernel/generative.test.ts', script: 'test:kernel', defaultSeed: 20261207 });
    process.stderr.write(`generative: ${numRuns} files, seed ${seed}\n`);
    expect(numRuns).toBe(RUNS);
  });
});

interface TreeCase {
  readonly version: '7.3' | '6.12' | '6.1';
  readonly target?: KernelVersion;
}

const TREES: readonly TreeCase[] = [{ version: '7.3' }, { version: '6.12', target: { major: 6, minor: 19 } }, { version: '6.1', target: { major: 6, minor: 19 } }];

async function treeDir(version: TreeCase['version']): Promise<string> {
  const log = (l: string) => process.stderr.write(`${l}\n`);
  if (version !== '7.3') return ensureKernelSource(version, { cacheDir: cacheDir(process.env), log });
  const dir = path.join(cacheDir(process.env), 'src', `linux-source-${version}`);
  if (!existsSync(path.join(dir, 'Makefile'))) throw new Error(`linux-source-${version} is not unpacked at ${dir}`);
  return dir;
}

/** Long synchronous loops starve vitest's messages to its worker (an "onTaskUpdate" timeout): let them through. */
function yieldToRunner(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

const scratchDirs: string[] = [];
afterAll(() => {
  for (const d of scratchDirs) rmSync(d, { recursive: true, force: true });
});

for (const t of TREES) {
  describe(`whole linux-source-${t.version} tree${t.target ? ', rewritten for 6.19' : ''}: the generative invariants`, () => {
    let tree: string;
    let run: RunResult;
    beforeAll(async () => {
      tree = await treeDir(t.version);
      // --policy all: every rule's rewrites are exercised (the default policy converts few DMA sites).
      run = await runMigration({ paths: [tree], mode: 'rewrite', policy: 'all', ...(t.target ? { targetVersion: t.target } : {}) });
    });
    afterAll(() => {
      // The next tree's run needs the memory.
      run = undefined as unknown as RunResult;
    });

    it('runs without an internal error', () => {
      expect(run.diagnostics.filter((d) => d.code === 'rule-failed' || d.code === 'model-failed' || d.severity === 'error')).toEqual([]);
      expect(run.summary.convert).toBeGreaterThan(500);
    });

    it('gives every site a status and a reason its rule or the engine documents', () => {
      const bad: string[] = [];
      for (const f of run.files) {
        for (const x of f.findings) {
          if (!['convert', 'review', 'skip'].includes(x.status) || !x.reason || !documentedReason(x.ruleId, x.reason)) bad.push(`${f.path}:${x.line}: ${x.api} ${x.status} ${x.reason}`);
        }
      }
      expect(bad).toEqual([]);
    });

    it('has none of the rules\' rewrites rejected by the behaviour model', () => {
      expect(run.summary.model.rejectedByReason).toEqual({});
      expect(run.summary.model.fixes.rejected).toBe(0);
    });

    it(`changes no byte outside the applied edits${t.version === '7.3' ? ', and parses no worse' : ''}`, async () => {
      const outside: string[] = [];
      const worse: string[] = [];
      const changed = run.files.filter((f) => f.output !== undefined && f.original !== undefined);
      for (let i = 0; i < changed.length; i += 50) {
        const chunk = changed.slice(i, i + 50);
        for (const f of chunk) if (applyFixes(f.original!, f.applied).text !== f.output) outside.push(f.path);
        // whole-tree.test.ts and older-tree.test.ts hold 6.12 and 6.1 to this already.
        if (t.version === '7.3') worse.push(...parsesWorse(chunk));
        await yieldToRunner();
      }
      expect(outside).toEqual([]);
      expect(worse).toEqual([]);
    });

    it('finds nothing more to change in the rewritten files', async () => {
      // A hard-linked copy of the tree; each rewritten file is replaced (unlinked first), never written through.
      const scratch = mkdtempSync(path.join(path.dirname(tree), '.generative-test-'));
      scratchDirs.push(scratch);
      const copy = path.join(scratch, 'linux');
      mkdirSync(copy);
      execFileSync('cp', ['-al', `${tree}/.`, copy]);
      const changed = run.files.filter((f) => f.output !== undefined);
      for (const f of changed) {
        const p = path.join(copy, f.path);
        unlinkSync(p);
        writeFileSync(p, f.output!, f.encoding === 'latin1' ? 'latin1' : 'utf8');
      }
      // The rewritten files' directories, not the files alone: a DMA handle's map and unmaps are
      // paired across the files of a directory, so a partner left out of the run would change the decision.
      const dirs = [...new Set(changed.map((f) => path.dirname(path.join(copy, f.path))))];
      // Worker threads even for a few hundred files, so the test runner is not starved meanwhile.
      const second = await runMigration({ paths: dirs, mode: 'rewrite', jobs: 2, policy: 'all', ...(t.target ? { targetVersion: t.target } : {}) });
      expect(second.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
      expect(second.files.filter((f) => f.output !== undefined).map((f) => f.path)).toEqual([]);
    });
  });
}
