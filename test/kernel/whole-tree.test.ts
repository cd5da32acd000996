/**
 * The whole 6.12 tree, rewritten for 6.19 (so the DMA rules convert too):
 * no crash, every grep hit accounted for, no rewritten file parses worse,
 * the diff applies and a second run finds nothing more, and the converted
 * counts per API agree with the accounting and with the text itself.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cacheDir, ensureKernelSource } from '../../src/validate/kernel-source/index.js';
import { diffBytes } from '../../src/deliver/output/diff.js';
import { runMigration, type RunResult } from '../../src/engine/pipeline/index.js';
import { KeywordScanner } from '../../src/engine/prefilter/index.js';
import { RULES } from '../../src/rules/index.js';
import { grepCounts, parsesWorse, splitPartners } from './tree-checks.js';

const APIS = RULES.flatMap((r) => r.meta.apis);
const TARGET = { major: 6, minor: 19 };

let tree: string;
let first: RunResult;
let scratch: string;

beforeAll(async () => {
  tree = await ensureKernelSource('6.12', { cacheDir: cacheDir(process.env), log: (l) => process.stderr.write(`${l}\n`) });
  // --policy all: every rule's rewrites on real code, for the accounting, the model and the fixpoint.
  first = await runMigration({ paths: [tree], mode: 'rewrite', targetVersion: TARGET, accounting: true, policy: 'all' });
  // Beside the tree, so the hard-linked copy stays on the same file system.
  scratch = mkdtempSync(path.join(path.dirname(tree), '.kernel-test-'));
});

afterAll(() => {
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

describe('whole linux-source-6.12 tree, rewritten for 6.19', () => {
  it('runs without an internal error and changes files', () => {
    expect(first.diagnostics.filter((d) => d.code === 'rule-failed' || d.severity === 'error')).toEqual([]);
    expect(first.summary.filesChanged).toBeGreaterThan(100);
    expect(first.summary.convert).toBeGreaterThan(500);
  });

  it('accounts for 100% of the grep -rwo hits, each in exactly one class', () => {
    const acc = first.accounting!;
    expect(acc.mismatches).toEqual([]);
    const grep = grepCounts(tree, APIS);
    for (const api of APIS) expect(acc.byApi[api]?.grep ?? 0, api).toBe(grep[api] ?? 0);
    expect(acc.total.grep).toBe(Object.values(grep).reduce((a, b) => a + b, 0));
  });

  it('converts as many sites per API as the accounting says, and the text shows exactly that many fewer', () => {
    const scanner = new KeywordScanner(APIS);
    const removed: Record<string, number> = {};
    const converted: Record<string, number> = {};
    for (const f of first.files) {
      for (const x of f.findings) if (x.status === 'convert') converted[x.api] = (converted[x.api] ?? 0) + 1;
      if (f.output === undefined || f.original === undefined) continue;
      for (const o of scanner.occurrences(f.original)) removed[o.api] = (removed[o.api] ?? 0) + 1;
      for (const o of scanner.occurrences(f.output)) removed[o.api] = (removed[o.api] ?? 0) - 1;
    }
    for (const api of APIS) {
      expect(converted[api] ?? 0, api).toBe(first.accounting!.byApi[api]?.convert ?? 0);
      expect(removed[api] ?? 0, api).toBe(converted[api] ?? 0);
    }
  });

  it('re-parses every rewritten file with no more ERROR or MISSING nodes than before', () => {
    expect(parsesWorse(first.files)).toEqual([]);
  });

  it('never converts a map whose handle is unmapped through the page API, nor the reverse, in --policy all either', () => {
    expect(splitPartners(first.files)).toEqual([]);
  });

  it('with the defaults (--policy upstream), converts ntb_transport\'s three maps as upstream wrote them', async () => {
    const ntb = await runMigration({ paths: [path.join(tree, 'drivers/ntb')], mode: 'rewrite', targetVersion: TARGET });
    const file = ntb.files.find((f) => f.path === 'drivers/ntb/ntb_transport.c');
    // The same calls as upstream's; the line break may fall elsewhere (the layout fills the first line).
    const out = (file?.output ?? '').replace(/\s+/g, ' ');
    expect(out.match(/dma_map_phys\(device->dev, virt_to_phys\((?:offset|buf)\), len, DMA_(?:TO|FROM)_DEVICE, 0\)/g)).toHaveLength(3);
    expect(file!.findings.filter((f) => f.api === 'dma_map_page').map((f) => `${f.status} ${f.reason}`)).toEqual(Array(3).fill('convert virt-to-phys'));
    expect(splitPartners(ntb.files)).toEqual([]);
  });

  it('applies as a diff (git apply), after which a second run changes nothing', async () => {
    // A hard-linked copy of the tree: git apply replaces the files it patches, the rest stay shared.
    const copy = path.join(scratch, 'linux');
    execFileSync('cp', ['-al', tree, copy]);
    const diff = Buffer.concat(first.files.filter((f) => f.output !== undefined).map((f) => Buffer.from(diffBytes({ path: f.path, original: f.original!, output: f.output!, encoding: f.encoding }))));
    execFileSync('git', ['apply', '--unsafe-paths', '-'], { cwd: copy, input: diff });
    const second = await runMigration({ paths: [copy], mode: 'rewrite', targetVersion: TARGET, policy: 'all' });
    expect(second.files.filter((f) => f.output !== undefined).map((f) => f.path)).toEqual([]);
    expect(second.summary.convert).toBe(0);
    // The original tree is untouched: git apply replaced the copy's files instead of writing through the links.
    for (const f of first.files.filter((x) => x.output !== undefined)) {
      expect(readFileSync(path.join(tree, f.path), f.encoding === 'latin1' ? 'latin1' : 'utf8'), f.path).toBe(f.original);
    }
  });
});
