/**
 * The stat manifest (src/engine/cache/manifest.ts): a file the prefilter
 * ruled out whose stat identity is unchanged is not read on the next run
 * (counted in the run's cache report), and the output does not change; a
 * changed file (even with its size and mtime put back), a file written
 * within the racy window, and a new file are read; a corrupt manifest is
 * ignored; --no-prefilter and --stats do not use it.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { decodeManifest, encodeManifest, manifestsDir, MAX_MANIFESTS, RACY_MS, readManifest, settled, writeManifest, type StatIdentity } from '../src/engine/cache/manifest.js';
import { runMigration, type RunOptions, type RunResult } from '../src/engine/pipeline/index.js';
import { spawnCli, type CapturedRun } from './harness/spawn-cli.js';

const scratch = mkdtempSync(path.join(tmpdir(), 'dma-migrate-manifest-test-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
let dirs = 0;
const fresh = (name: string) => path.join(scratch, `${name}-${++dirs}`);

const CANDIDATE = '#include <linux/highmem.h>\nvoid f(struct page *p)\n{\n\tchar *v = kmap_atomic(p);\n\tv[0] = 0;\n\tkunmap_atomic(v);\n}\n';
const PLAIN = '/* nothing migrated here */\nint g(void)\n{\n\treturn 0;\n}\n';

/** A small tree: one candidate and three files the prefilter rules out. */
function tree(): string {
  const dir = fresh('tree');
  const src = path.join(dir, 'src');
  for (const [name, text] of [['a.c', CANDIDATE], ['b.c', PLAIN], ['c.c', PLAIN], ['d.h', PLAIN]] as const) write(path.join(src, name), text);
  return src;
}

function write(file: string, text: string): void {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, text);
}

/** Files made a moment ago look settled to a clock ten seconds ahead. */
const later = () => Date.now() + 10_000;

/** Run options with the cache; `clock` null: the real clock. */
function options(src: string, cacheDir: string, extra: Partial<RunOptions> = {}, clock: (() => number) | null = later): RunOptions {
  return { paths: [src], mode: 'rewrite', jobs: 1, cache: { dir: cacheDir, ...(clock ? { clock } : {}) }, ...extra };
}

/** What a run reports, without the cache's own marks. */
function reported(r: RunResult) {
  return { files: r.files.map(({ cache: _mark, ...f }) => f), summary: r.summary, diagnostics: r.diagnostics, filesScanned: r.filesScanned };
}

function manifestFile(cacheDir: string): string {
  const dir = manifestsDir(cacheDir);
  const names = readdirSync(dir).filter((n) => n.endsWith('.json'));
  expect(names).toHaveLength(1);
  return path.join(dir, names[0]!);
}

describe('stat manifest', () => {
  it('does not read unchanged ruled-out files on the next run, with the same output', async () => {
    const src = tree();
    const cacheDir = fresh('cache');
    const none = await runMigration({ paths: [src], mode: 'rewrite', jobs: 1 });
    const first = await runMigration(options(src, cacheDir));
    expect(first.cache?.manifest).toEqual({ skipped: 0, recorded: 3, written: true });
    const second = await runMigration(options(src, cacheDir));
    expect(second.cache?.manifest).toEqual({ skipped: 3, recorded: 3, written: false });
    expect(second.cache?.hits).toBe(1); // the candidate is still read and replayed
    expect(reported(second)).toEqual(reported(none));
    expect(reported(first)).toEqual(reported(none));
    expect(second.filesScanned).toBe(4);
  });

  it('reads a file changed with its size and mtime put back (its ctime differs)', async () => {
    const src = tree();
    const cacheDir = fresh('cache');
    const b = path.join(src, 'b.c');
    // Whole seconds, which utimes puts back exactly.
    utimesSync(b, 1_000_000_000, 1_000_000_000);
    await runMigration(options(src, cacheDir));
    const before = statSync(b);
    // Same size, now naming a migrated API.
    const changed = '/* kmap_atomic() */ int g(void)\n{\n\treturn 0;\n}\n'.padEnd(PLAIN.length, ' ');
    expect(changed.length).toBe(PLAIN.length);
    writeFileSync(b, changed);
    utimesSync(b, 1_000_000_000, 1_000_000_000);
    const after = statSync(b);
    expect([after.size, after.mtimeMs]).toEqual([before.size, before.mtimeMs]);
    const second = await runMigration(options(src, cacheDir));
    expect(second.cache?.manifest?.skipped).toBe(2);
    expect(second.files.map((f) => f.path)).toContain('b.c');
    expect(reported(second)).toEqual(reported(await runMigration({ paths: [src], mode: 'rewrite', jobs: 1 })));
  });

  it('does not record a file written within the racy window, so it is read next time', async () => {
    const src = tree();
    const cacheDir = fresh('cache');
    // The real clock: every file was written a moment ago.
    const first = await runMigration(options(src, cacheDir, {}, null));
    expect(first.cache?.manifest).toMatchObject({ skipped: 0, recorded: 0 });
    const second = await runMigration(options(src, cacheDir, {}, null));
    expect(second.cache?.manifest?.skipped).toBe(0);
    // Settled (by the clock ahead), then one file touched just now: only it is read again.
    await runMigration(options(src, cacheDir));
    const c = path.join(src, 'c.c');
    writeFileSync(c, PLAIN);
    const third = await runMigration(options(src, cacheDir, {}, null));
    // c.c's identity changed: read (b.c and d.h skipped); nothing is recorded, as to the real clock every file is recent.
    expect(third.cache?.manifest).toMatchObject({ skipped: 2, recorded: 0 });
    // The rule itself: a stamp within RACY_MS of the moment it was taken, or after it, is not trusted.
    const id = (mtime: number, ctime: number): StatIdentity => [1, 2, 3, mtime, ctime];
    expect(settled(id(1000, 1000), 1000 + RACY_MS + 1)).toBe(true);
    expect(settled(id(1000, 1000 + RACY_MS), 1000 + RACY_MS + 1)).toBe(false);
    expect(settled(id(1000 + RACY_MS, 1000), 1000 + RACY_MS + 1)).toBe(false);
    expect(settled(id(5000, 5000), 1000)).toBe(false);
  });

  it('processes a new file in the tree', async () => {
    const src = tree();
    const cacheDir = fresh('cache');
    await runMigration(options(src, cacheDir));
    writeFileSync(path.join(src, 'e.c'), CANDIDATE);
    writeFileSync(path.join(src, 'f.c'), PLAIN);
    const second = await runMigration(options(src, cacheDir));
    expect(second.cache?.manifest).toEqual({ skipped: 3, recorded: 4, written: true });
    expect(second.files.map((f) => f.path).sort()).toEqual(['a.c', 'e.c']);
    expect(second.filesScanned).toBe(6);
    expect((await runMigration(options(src, cacheDir))).cache?.manifest).toEqual({ skipped: 4, recorded: 4, written: false });
  });

  it('ignores a corrupt manifest and replaces it', async () => {
    const src = tree();
    const cacheDir = fresh('cache');
    await runMigration(options(src, cacheDir));
    const file = manifestFile(cacheDir);
    const text = readFileSync(file, 'utf8');
    const key = path.basename(file, '.json');
    expect(decodeManifest(key, text)?.size).toBe(3);
    // A body that does not match its digest, a truncated file, another key, garbage: all ignored.
    const nl = text.indexOf('\n');
    for (const bad of [text.slice(0, nl + 1) + text.slice(nl + 1).replace('b.c', 'x.c'), text.slice(0, text.length - 5), text.replace(key, 'f'.repeat(64)), 'garbage']) {
      expect(decodeManifest(key, bad)).toBeUndefined();
      writeFileSync(file, bad);
      const run = await runMigration(options(src, cacheDir));
      expect(run.cache?.manifest).toEqual({ skipped: 0, recorded: 3, written: true });
      expect(decodeManifest(key, readFileSync(file, 'utf8'))?.size).toBe(3);
    }
    // A well-formed manifest naming a file with another identity does not skip it.
    const wrong = new Map<string, StatIdentity>([['b.c', [0, 0, 0, 0, 0]]]);
    writeFileSync(file, encodeManifest(key, wrong));
    expect((await runMigration(options(src, cacheDir))).cache?.manifest?.skipped).toBe(0);
  });

  it('keeps at most MAX_MANIFESTS manifests, the most recently written', () => {
    const cacheDir = fresh('cache');
    const keys = Array.from({ length: MAX_MANIFESTS + 3 }, (_, i) => String(i).padStart(64, '0'));
    keys.forEach((key, i) => {
      expect(writeManifest(cacheDir, key, new Map([['x.c', [1, 2, 3, 4, 5] as StatIdentity]]))).toBe(true);
      // Distinct modification times, so "most recent" is well defined.
      const file = path.join(manifestsDir(cacheDir), `${key}.json`);
      utimesSync(file, 1_000_000 + i, 1_000_000 + i);
    });
    writeManifest(cacheDir, keys[keys.length - 1]!, new Map());
    expect(readdirSync(manifestsDir(cacheDir))).toHaveLength(MAX_MANIFESTS);
    expect(readManifest(cacheDir, keys[0]!)).toBeUndefined();
    expect(readManifest(cacheDir, keys[keys.length - 2]!)?.size).toBe(1);
  });

  it('is not used with --no-prefilter or --stats', async () => {
    const src = tree();
    const cacheDir = fresh('cache');
    await runMigration(options(src, cacheDir));
    expect((await runMigration(options(src, cacheDir, { noPrefilter: true }))).cache?.manifest).toBeUndefined();
    expect((await runMigration(options(src, cacheDir, { mode: 'scan', accounting: true }))).cache?.manifest).toBeUndefined();
  });

  it('the CLI prints the same JSON cold, warm and without the cache, and -v counts the files not read', async () => {
    const src = tree();
    const cacheDir = fresh('cache');
    // Past the racy window by the real clock (a wait, not a timing assertion).
    await new Promise((resolve) => setTimeout(resolve, RACY_MS + 200));
    const args = ['rewrite', src, '--json', '-j', '2', '-v'];
    const cold = await cli(args, cacheDir);
    const warm = await cli(args, cacheDir);
    const again = await cli(args, cacheDir);
    const none = await cli([...args, '--no-cache'], cacheDir);
    expect(cold.stdout).toContain('"filesScanned": 4');
    for (const run of [cold, warm, again]) expect(run.stdout).toBe(none.stdout);
    expect(cold.stderr).toMatch(/^cache: 0 files not read .*; 3 recorded for the next run$/m);
    expect(warm.stderr).toMatch(/^cache: 3 files not read .*; 3 recorded for the next run \(manifest unchanged\)$/m);
    expect(none.stderr).not.toMatch(/files not read/);
  });
});

/** The CLI (built by `npm test`) with its own cache directory. */
function cli(args: string[], cache: string): Promise<CapturedRun> {
  return spawnCli(args, { DMA_MIGRATE_CACHE: cache });
}
