/**
 * The per-file result cache (src/engine/cache): a cached run gives the same
 * JSON and diff as an uncached one, on one thread and with workers; what a
 * result depends on (the file's bytes, an option, the tool's identity, a
 * Makefile, a callee in a sibling file, MAINTAINERS) invalidates its entry;
 * a corrupt entry is rebuilt; concurrent runs do not corrupt the cache; the
 * size bound evicts. Runs whose inputs change between them spawn the CLI
 * (built by `npm test`), as a user does: the per-process memos of the
 * dependency readers live as long as one run.
 */
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { decodeEntry, encodeEntry } from '../src/engine/cache/entry.js';
import { evictOverLimit } from '../src/engine/cache/evict.js';
import { runMigration, type RunResult } from '../src/engine/pipeline/index.js';
import { parseKernelVersion } from '../src/core/target.js';
import { REPO_ROOT } from './harness/corpus.js';
import { spawnCli, type CapturedRun } from './harness/spawn-cli.js';
import { TestRepo } from './harness/git-repo.js';
import { HEADERS, MAKEFILE, kmapDriver } from './submission/kernel-like-tree.js';
import { checkChange } from '../src/deliver/check/check-changes.js';

const CORPUS = path.join(REPO_ROOT, 'corpus');
const scratch = mkdtempSync(path.join(tmpdir(), 'dma-migrate-cache-test-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
let dirs = 0;
const freshDir = (name: string) => path.join(scratch, `${name}-${++dirs}`);

/** The CLI with its own cache directory. */
function cli(args: string[], cache: string, env: NodeJS.ProcessEnv = {}): Promise<CapturedRun> {
  return spawnCli(args, { DMA_MIGRATE_CACHE: cache, ...env });
}

/** The `-v` line: `cache: N files replayed, M processed and stored ...`. */
function cacheLine(stderr: string): { replayed: number; stored: number } {
  const m = /^cache: (\d+) files replayed, (\d+) processed and stored/m.exec(stderr);
  if (!m) throw new Error(`no cache line in:\n${stderr}`);
  return { replayed: Number(m[1]), stored: Number(m[2]) };
}

function entries(cache: string): string[] {
  const root = path.join(cache, 'results', 'v1');
  let shards: string[] = [];
  try {
    shards = readdirSync(root);
  } catch {
    return [];
  }
  return shards.flatMap((s) => readdirSync(path.join(root, s)).map((n) => path.join(root, s, n)));
}

/** What a run reports, without the cache's own marks (which no report shows). */
function reported(r: RunResult) {
  return { files: r.files.map(({ cache: _mark, ...f }) => f), summary: r.summary, diagnostics: r.diagnostics };
}

describe('result cache: same output', () => {
  for (const jobs of ['1', '2']) {
    it(`a cold, a warm and an uncached run print the same JSON and diff (-j ${jobs})`, async () => {
      const cache = freshDir(`corpus-j${jobs}`);
      // DMA cases (cross-file partners among them) and kmap cases (callees in sibling files).
      const args = ['rewrite', path.join(CORPUS, 'dma-map-page-to-phys'), path.join(CORPUS, 'kmap-to-local'), '-j', jobs];
      // rewrite --json carries the diff too.
      const cold = await cli([...args, '--json'], cache);
      const warm = await cli([...args, '--json'], cache);
      const none = await cli([...args, '--json', '--no-cache'], cache);
      expect(cold.code).toBe(none.code);
      expect(JSON.parse(cold.stdout).diff).toContain('+++ ');
      expect(warm.stdout).toBe(cold.stdout);
      expect(none.stdout).toBe(cold.stdout);
      const warmDiff = await cli([...args, '-v'], cache);
      const noneDiff = await cli([...args, '--no-cache', '-v'], cache);
      expect(warmDiff.stdout).toContain('+++ ');
      expect(warmDiff.stdout).toBe(noneDiff.stdout);
      // Every candidate is replayed; nothing is left to store.
      const line = cacheLine(warmDiff.stderr);
      expect(line.stored).toBe(0);
      expect(line.replayed).toBe(entries(cache).length);
      expect(line.replayed).toBeGreaterThan(50);
      expect(noneDiff.stderr).not.toMatch(/^cache:/m);
    }, 180_000);
  }

  it('replayed outcomes equal fresh ones, with the current read\'s path and stamp', { timeout: 120_000 }, async () => {
    const dir = path.join(CORPUS, 'kmap-atomic-to-local');
    const cache = { dir: freshDir('inproc'), tool: 'test-tool' };
    const none = await runMigration({ paths: [dir], mode: 'rewrite', jobs: 1 });
    const cold = await runMigration({ paths: [dir], mode: 'rewrite', jobs: 1, cache });
    const warm = await runMigration({ paths: [dir], mode: 'rewrite', jobs: 1, cache });
    expect(cold.cache?.stored).toBeGreaterThan(10);
    expect(warm.cache).toMatchObject({ hits: cold.cache?.stored, stored: 0 });
    expect(warm.files.every((f) => !f.candidate || f.cache === 'hit')).toBe(true);
    expect(reported(cold)).toEqual(reported(none));
    expect(reported(warm)).toEqual(reported(none));
    // Stored JSON round-trips: the replay is equal field by field (key order aside).
    for (const [i, f] of warm.files.entries()) {
      const { cache: _mark, ...rest } = f;
      expect(JSON.parse(JSON.stringify(rest))).toStrictEqual(JSON.parse(JSON.stringify(reported(none).files[i])));
    }
  });
});

describe('result cache: what invalidates an entry', () => {
  const tree = path.join(CORPUS, 'dma-map-page-to-phys');

  it('changed file bytes, policy, target, rule selection and tool identity each miss', { timeout: 180_000 }, async () => {
    const dir = freshDir('tree-copy');
    cpSync(tree, dir, { recursive: true });
    const cache = { dir: freshDir('options'), tool: 'version-a' };
    const base = { paths: [dir], mode: 'rewrite' as const, jobs: 1 };
    const first = await runMigration({ ...base, cache });
    const candidates = first.cache!.stored;
    expect(candidates).toBeGreaterThan(10);
    expect((await runMigration({ ...base, cache })).cache).toMatchObject({ hits: candidates, stored: 0 });

    // One file's bytes: only that file is made again, and its new result is what an uncached run gives.
    const changed = path.join(dir, 'basic-tx-rx', 'before.c');
    writeFileSync(changed, readFileSync(changed, 'utf8').replace('DMA_FROM_DEVICE);\n\tif', 'DMA_TO_DEVICE);\n\tif'));
    const afterEdit = await runMigration({ ...base, cache });
    expect(afterEdit.cache).toMatchObject({ hits: candidates - 1, stored: 1 });
    expect(afterEdit.files.find((f) => f.absPath === changed)?.cache).toBe('stored');
    expect(reported(afterEdit)).toEqual(reported(await runMigration(base)));

    for (const [what, options] of [
      ['policy', { policy: 'all' as const }],
      ['target', { targetVersion: parseKernelVersion('6.12')! }],
      ['rules', { rules: ['dma-map-page-to-phys'] }],
      ['headers', { includeHeaders: true }],
      ['verification', { noVerify: true }],
    ] as const) {
      const r = await runMigration({ ...base, ...options, cache });
      expect(r.cache?.hits, what).toBe(0);
      expect(reported(r), what).toEqual(reported(await runMigration({ ...base, ...options })));
    }
    // A new tool version (a rebuild changes the digest of the code): nothing is replayed.
    expect((await runMigration({ ...base, cache: { ...cache, tool: 'version-b' } })).cache?.hits).toBe(0);
    // The first configuration's entries are still there and still valid.
    expect((await runMigration({ ...base, cache })).cache?.hits).toBe(candidates);
  });

  /** A small kernel tree whose results depend on other files: a Makefile, a licence, a callee, MAINTAINERS. */
  function dependencyTree(): string {
    const root = freshDir('kernel');
    const w = (rel: string, text: string) => {
      mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
      writeFileSync(path.join(root, rel), text);
    };
    w('Makefile', 'VERSION = 6\nPATCHLEVEL = 19\nSUBLEVEL = 0\n');
    w('MAINTAINERS', 'OLD FILE SYSTEM\nM:\tSomeone <someone@kernel.org>\nS:\tMaintained\nF:\tfs/oldfs/\n');
    w('fs/oldfs/a.c', '// SPDX-License-Identifier: GPL-2.0\nvoid zero(struct page *page)\n{\n\tchar *p = kmap_atomic(page);\n\n\tp[0] = 0;\n\tkunmap_atomic(p);\n}\n');
    w('drivers/x/Makefile', 'obj-m += drv.o\ndrv-y := main.o closed.o\n');
    w('drivers/x/closed.c', 'MODULE_LICENSE("Proprietary");\n');
    w('drivers/x/open.c', 'MODULE_LICENSE("GPL");\n');
    w(
      'drivers/x/main.c',
      '// SPDX-License-Identifier: GPL-2.0\n#include <linux/dma-mapping.h>\n\nstatic dma_addr_t x_map(struct device *dev, struct page *page, unsigned int off)\n{\n\treturn dma_map_page(dev, page, off, 64, DMA_TO_DEVICE);\n}\n',
    );
    w('drivers/y/lib.c', '// SPDX-License-Identifier: GPL-2.0\nvoid y_fill(char *p)\n{\n\tp[0] = 1;\n}\n');
    w('drivers/y/user.c', '// SPDX-License-Identifier: GPL-2.0\nvoid y_fill(char *p);\n\nvoid y_use(struct page *page)\n{\n\tchar *p = kmap(page);\n\n\ty_fill(p);\n\tkunmap(page);\n}\n');
    return root;
  }

  function statuses(stdout: string, file: string): string[] {
    const report = JSON.parse(stdout) as { findings: { file: string; status: string; reason: string }[] };
    return report.findings.filter((f) => f.file === file).map((f) => `${f.status}:${f.reason}`);
  }

  it('a changed Makefile, callee in a sibling file or MAINTAINERS status invalidates the files that read it, and only those', { timeout: 180_000 }, async () => {
    const root = dependencyTree();
    const cache = freshDir('deps');
    const args = ['scan', root, '--json', '--policy', 'all', '-j', '1', '-v'];
    const run = async () => {
      const r = await cli(args, cache);
      const uncached = await cli([...args, '--no-cache'], cache);
      expect(r.stdout).toBe(uncached.stdout);
      return { ...r, line: cacheLine(r.stderr) };
    };
    const first = await run();
    expect(first.line).toEqual({ replayed: 0, stored: 3 });
    expect(statuses(first.stdout, 'drivers/x/main.c')).toEqual(['review:non-gpl-module']);
    expect(statuses(first.stdout, 'fs/oldfs/a.c').every((s) => s.startsWith('convert'))).toBe(true);
    const userBefore = statuses(first.stdout, 'drivers/y/user.c');
    expect(userBefore.every((s) => s.startsWith('convert'))).toBe(true);
    expect((await run()).line).toEqual({ replayed: 3, stored: 0 });

    // The module's other member is now GPL (a Makefile line): only main.c is made again.
    writeFileSync(path.join(root, 'drivers/x/Makefile'), 'obj-m += drv.o\ndrv-y := main.o open.o\n');
    const makefile = await run();
    expect(makefile.line).toEqual({ replayed: 2, stored: 1 });
    expect(statuses(makefile.stdout, 'drivers/x/main.c')).toEqual([expect.stringMatching(/^convert:/)]);

    // The callee in the sibling file now keeps the mapped address: user.c is judged again.
    writeFileSync(path.join(root, 'drivers/y/lib.c'), '// SPDX-License-Identifier: GPL-2.0\nchar *y_saved;\n\nvoid y_fill(char *p)\n{\n\ty_saved = p;\n}\n');
    const callee = await run();
    expect(callee.line).toEqual({ replayed: 2, stored: 1 });
    expect(statuses(callee.stdout, 'drivers/y/user.c')).not.toEqual(userBefore);

    // A MAINTAINERS edit that gives no file another status (a new section elsewhere, as every
    // release brings): every result stands.
    const maintained = 'OLD FILE SYSTEM\nM:\tSomeone <someone@kernel.org>\nS:\tMaintained\nF:\tfs/oldfs/\n';
    writeFileSync(path.join(root, 'MAINTAINERS'), `${maintained}\nNEW DRIVER\nM:\tOther <other@kernel.org>\nS:\tOrphan\nF:\tdrivers/new/\n`);
    expect((await run()).line).toEqual({ replayed: 3, stored: 0 });

    // MAINTAINERS now marks the subsystem obsolete: the file it covers is made again, the others stand.
    writeFileSync(path.join(root, 'MAINTAINERS'), 'OLD FILE SYSTEM\nM:\tSomeone <someone@kernel.org>\nS:\tObsolete\nF:\tfs/oldfs/\n');
    const maintainers = await run();
    expect(maintainers.line).toEqual({ replayed: 2, stored: 1 });
    expect(statuses(maintainers.stdout, 'fs/oldfs/a.c').every((s) => s === 'skip:obsolete-subsystem')).toBe(true);
    expect((await run()).line).toEqual({ replayed: 3, stored: 0 });

    // A section that now orphans drivers/x: main.c is made again (its note names the section).
    writeFileSync(path.join(root, 'MAINTAINERS'), 'OLD FILE SYSTEM\nM:\tSomeone <someone@kernel.org>\nS:\tObsolete\nF:\tfs/oldfs/\n\nX DRIVER\nS:\tOrphan\nF:\tdrivers/x/\n');
    const orphan = await run();
    expect(orphan.line).toEqual({ replayed: 2, stored: 1 });
    expect(orphan.stdout).toContain('X DRIVER');
  });

  it('a MAINTAINERS pattern that becomes a directory invalidates the files it stops covering', { timeout: 120_000 }, async () => {
    const root = dependencyTree();
    // `F: drivers/zap` covers drivers/zap.c while no directory drivers/zap exists (then it covers only what is below it).
    writeFileSync(path.join(root, 'MAINTAINERS'), 'ZAP\nM:\tSomeone <someone@kernel.org>\nS:\tObsolete\nF:\tdrivers/zap\n');
    writeFileSync(path.join(root, 'drivers/zap.c'), readFileSync(path.join(root, 'fs/oldfs/a.c')));
    const cache = freshDir('maintainers-dir');
    const args = ['scan', root, '--json', '-j', '1', '-v'];
    const first = await cli(args, cache);
    expect(statuses(first.stdout, 'drivers/zap.c').every((s) => s === 'skip:obsolete-subsystem')).toBe(true);
    mkdirSync(path.join(root, 'drivers/zap'));
    const second = await cli(args, cache);
    expect(second.stdout).toBe((await cli([...args, '--no-cache'], cache)).stdout);
    expect(statuses(second.stdout, 'drivers/zap.c').every((s) => s.startsWith('convert'))).toBe(true);
  });
});

describe('result cache: check', () => {
  it('check stores a staged file\'s result under its staged bytes and replays it on the next check', async () => {
    const repo = TestRepo.create({ Makefile: MAKEFILE, ...HEADERS, 'drivers/net/acme/acme.c': kmapDriver('acme') });
    const file = path.join(repo.dir, 'drivers/net/acme/acme.c');
    repo.write({ 'drivers/net/acme/acme.c': readFileSync(file, 'utf8') + '\nstatic void acme_peek(struct page *page, void *dst)\n{\n\tvoid *vaddr = kmap_atomic(page);\n\n\tmemcpy(dst, vaddr, 8);\n\tkunmap_atomic(vaddr);\n}\n' });
    repo.git('add', '-A');
    const cache = { dir: freshDir('check'), tool: 'check-tool' };
    const uncached = await checkChange({ source: { kind: 'staged' }, cwd: repo.dir, env: repo.env });
    const cold = await checkChange({ source: { kind: 'staged' }, cwd: repo.dir, env: repo.env, cache });
    const stored = entries(cache.dir);
    expect(stored).toHaveLength(1);
    const mtime = statSync(stored[0]!).mtimeMs;
    const warm = await checkChange({ source: { kind: 'staged' }, cwd: repo.dir, env: repo.env, cache });
    expect(cold.findings.length).toBeGreaterThan(0);
    expect(cold).toEqual(uncached);
    expect(warm).toEqual(uncached);
    // Replayed, not made and stored again.
    expect(entries(cache.dir)).toEqual(stored);
    expect(statSync(stored[0]!).mtimeMs).toBe(mtime);
  });
});

describe('result cache: storage', () => {
  it('an entry is accepted only whole, for its own key, with a matching checksum', () => {
    const entry = { deps: [], outcome: { path: 'a.c', candidate: true, findings: [], occurrences: [], diagnostics: [], applied: [], encoding: 'utf8' as const } };
    const text = encodeEntry('k1', entry);
    expect(decodeEntry('k1', text)).toEqual(entry);
    expect(decodeEntry('k2', text)).toBeUndefined();
    expect(decodeEntry('k1', text.slice(0, text.length - 3))).toBeUndefined();
    expect(decodeEntry('k1', text.replace('"a.c"', '"b.c"'))).toBeUndefined();
    expect(decodeEntry('k1', text.replace('dma-migrate-result 1 ', 'dma-migrate-result 0 '))).toBeUndefined();
    expect(decodeEntry('k1', '')).toBeUndefined();
  });

  it('corrupt and truncated entries are ignored and rebuilt, never an error', { timeout: 120_000 }, async () => {
    const cache = freshDir('corrupt');
    const args = ['rewrite', path.join(CORPUS, 'kmap-to-local'), '-j', '1', '-v'];
    const cold = await cli(args, cache);
    const all = entries(cache);
    expect(all.length).toBeGreaterThan(5);
    writeFileSync(all[0]!, readFileSync(all[0]!, 'utf8').slice(0, 100));
    writeFileSync(all[1]!, 'garbage');
    writeFileSync(all[2]!, '');
    const warm = await cli(args, cache);
    expect(warm.code).toBe(cold.code);
    expect(warm.stdout).toBe(cold.stdout);
    expect(cacheLine(warm.stderr)).toEqual({ replayed: all.length - 3, stored: 3 });
    expect(cacheLine((await cli(args, cache)).stderr)).toEqual({ replayed: all.length, stored: 0 });
  });

  it('concurrent runs over one cache directory neither fail nor leave a bad entry', async () => {
    const cache = freshDir('concurrent');
    const args = ['rewrite', path.join(CORPUS, 'kmap-atomic-to-local'), '--json', '-j', '1'];
    const once = async () => (await cli(args, cache)).stdout;
    const outs = await Promise.all([once(), once(), once(), once()]);
    const uncached = (await cli(['rewrite', path.join(CORPUS, 'kmap-atomic-to-local'), '--json', '-j', '1', '--no-cache'], cache)).stdout;
    for (const o of outs) expect(o).toBe(uncached);
    const stored = entries(cache);
    expect(stored.filter((f) => f.endsWith('.tmp'))).toEqual([]);
    for (const f of stored) expect(decodeEntry(path.basename(f, '.json'), readFileSync(f, 'utf8')), f).toBeDefined();
    expect(await once()).toBe(uncached);
  }, 120_000);

  it('over the size bound the oldest entries go first, down to 80% of it', () => {
    const dir = freshDir('evict');
    const shard = path.join(dir, 'ab');
    mkdirSync(shard, { recursive: true });
    for (let i = 0; i < 10; i++) {
      const f = path.join(shard, `e${i}.json`);
      writeFileSync(f, 'x'.repeat(1000));
      utimesSync(f, 1_000_000 + i, 1_000_000 + i);
    }
    expect(evictOverLimit(dir, 20_000)).toEqual({ entries: 10, bytes: 10_000, removed: 0 });
    expect(evictOverLimit(dir, 5_000)).toEqual({ entries: 4, bytes: 4_000, removed: 6 });
    expect(readdirSync(shard).sort()).toEqual(['e6.json', 'e7.json', 'e8.json', 'e9.json']);
    // A writer's temp file is left alone; one an hour older than the newest entry (an interrupted writer's) goes.
    const fresh = path.join(shard, 'e9.json.abc.tmp');
    const stale = path.join(shard, 'e1.json.def.tmp');
    writeFileSync(fresh, 'x');
    writeFileSync(stale, 'x');
    utimesSync(fresh, 1_000_009, 1_000_009);
    utimesSync(stale, 1_000_009 - 3601, 1_000_009 - 3601);
    expect(evictOverLimit(dir, 20_000)).toEqual({ entries: 4, bytes: 4_001, removed: 0 });
    expect(readdirSync(shard).sort()).toEqual(['e6.json', 'e7.json', 'e8.json', 'e9.json', 'e9.json.abc.tmp']);
  });

  it('a run keeps the cache under DMA_MIGRATE_CACHE_MAX_MB', { timeout: 120_000 }, async () => {
    const cache = freshDir('bound');
    const r = await runMigration({ paths: [path.join(CORPUS, 'kmap-atomic-to-local')], mode: 'rewrite', jobs: 1, cache: { dir: cache, tool: 't', maxBytes: 20_000 } });
    expect(r.cache?.evicted).toBeGreaterThan(0);
    expect(r.cache!.bytes!).toBeLessThanOrEqual(16_000);
    const size = entries(cache).reduce((n, f) => n + statSync(f).size, 0);
    expect(size).toBe(r.cache!.bytes);
    const viaCli = freshDir('bound-cli');
    const line = await cli(['rewrite', path.join(CORPUS, 'kmap-atomic-to-local'), '-j', '1', '-v'], viaCli, { DMA_MIGRATE_CACHE_MAX_MB: '0' });
    expect(line.stderr).toMatch(/^cache: 0 files replayed, \d+ processed and stored; 0 entries, 0\.0 MB, \d+ evicted/m);
    expect((await cli(['rewrite', CORPUS, '-v'], viaCli, { DMA_MIGRATE_CACHE_MAX_MB: 'lots' })).code).toBe(2);
  });
});
