/**
 * Today's kernel, Debian's linux-source-7.3 (fetched from trixie-backports
 * when missing), rewritten with the defaults (`--policy upstream`): every DMA
 * conversion is of a kind upstream makes, no header is rewritten, no map is
 * split from its unmaps, every grep hit is accounted for, no rewritten file
 * parses worse, the diff applies and a second run changes nothing.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cacheDir, ensureKernelSource } from '../../src/validate/kernel-source/index.js';
import { diffBytes } from '../../src/deliver/output/diff.js';
import { runMigration, type RunResult } from '../../src/engine/pipeline/index.js';
import { RULES } from '../../src/rules/index.js';
import { grepCounts, parsesWorse, splitPartners } from './tree-checks.js';

const APIS = RULES.flatMap((r) => r.meta.apis);
const DMA_RULES = new Set(['dma-map-page-to-phys', 'dma-map-resource-to-phys']);
/** The forms upstream converts (reference §0.1): the caller holds the address the page came from. */
const UPSTREAM_KINDS = new Set(['virt-to-phys', 'phys-to-page', 'pfn-phys', 'sg-phys', 'bvec-phys', 'unmap']);

let tree: string;
let run: RunResult;
let scratch: string;

beforeAll(async () => {
  tree = await ensureKernelSource('7.3', { cacheDir: cacheDir(process.env), log: (l) => process.stderr.write(`${l}\n`) });
  run = await runMigration({ paths: [tree], mode: 'rewrite', accounting: true });
  scratch = mkdtempSync(path.join(path.dirname(tree), '.kernel-test-'));
});

afterAll(() => {
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

describe('whole linux-source-7.3 tree, rewritten with the defaults', () => {
  it('runs without an internal error, with the phys API from the tree\'s own headers', () => {
    expect(run.diagnostics.filter((d) => d.code === 'rule-failed' || d.code === 'model-failed' || d.severity === 'error')).toEqual([]);
    expect(run.target.features.dma_map_phys).toBe(true);
    expect(run.summary.convert).toBeGreaterThan(0);
  });

  it('converts DMA call sites only of the kinds upstream converts, and no header', () => {
    const dma = run.files.flatMap((f) => f.findings.filter((x) => DMA_RULES.has(x.ruleId) && x.status === 'convert').map((x) => ({ file: f.path, reason: x.reason })));
    expect(dma.filter((x) => !UPSTREAM_KINDS.has(x.reason))).toEqual([]);
    expect(dma.filter((x) => x.file.endsWith('.h'))).toEqual([]);
    expect(run.files.filter((f) => f.path.endsWith('.h') && f.output !== undefined && f.findings.some((x) => DMA_RULES.has(x.ruleId) && x.status === 'convert'))).toEqual([]);
    // Sites left on the page API by policy are skips, not reviews: nothing is wrong with them.
    const kept = run.files.flatMap((f) => f.findings.filter((x) => x.reason === 'page-api-kept'));
    expect(kept.length).toBeGreaterThan(100);
    expect(kept.every((x) => x.status === 'skip')).toBe(true);
  });

  it('never converts a map whose handle is unmapped through the page API, nor the reverse', () => {
    expect(splitPartners(run.files)).toEqual([]);
  });

  it('accounts for 100% of the grep -rwo hits', () => {
    const acc = run.accounting!;
    expect(acc.mismatches).toEqual([]);
    const grep = grepCounts(tree, APIS);
    for (const api of APIS) expect(acc.byApi[api]?.grep ?? 0, api).toBe(grep[api] ?? 0);
  });

  it('re-parses every rewritten file with no more ERROR or MISSING nodes than before', () => {
    expect(parsesWorse(run.files)).toEqual([]);
  });

  it('has no rewrite rejected by the behaviour model', () => {
    expect(run.summary.model.rejectedByReason).toEqual({});
  });

  it('applies as a diff (git apply), after which a second run changes nothing', async () => {
    const copy = path.join(scratch, 'linux');
    execFileSync('cp', ['-al', tree, copy]);
    const diff = Buffer.concat(run.files.filter((f) => f.output !== undefined).map((f) => Buffer.from(diffBytes({ path: f.path, original: f.original!, output: f.output!, encoding: f.encoding }))));
    execFileSync('git', ['apply', '--unsafe-paths', '-'], { cwd: copy, input: diff });
    const second = await runMigration({ paths: [copy], mode: 'rewrite' });
    expect(second.files.filter((f) => f.output !== undefined).map((f) => f.path)).toEqual([]);
    expect(second.summary.convert).toBe(0);
  });
});
