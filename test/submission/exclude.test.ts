/**
 * `--exclude GLOB` means the same on every command that takes paths or
 * changes (scan and rewrite are covered in first-run.test.ts): a glob
 * relative to the root, a bare name matching at any depth, a directory
 * leaving out what is below it. series writes no patch for excluded paths,
 * check does not judge excluded changed files (and says how many it left
 * out), validate does not judge them; where it cannot apply it is a usage
 * error, not silently ignored.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildSeries } from '../../src/deliver/series/build-series.js';
import { checkChange } from '../../src/deliver/check/check-changes.js';
import { REPO_ROOT } from '../harness/corpus.js';
import { TestRepo } from '../harness/git-repo.js';
import { HEADERS, MAKEFILE, kernelLikeTree, kmapDriver } from './kernel-like-tree.js';

const BIN = path.join(REPO_ROOT, 'bin', 'dma-migrate.js');
const TOOL = { name: 'dma-migrate', version: '0.1.0' };

function cli(args: string[], cwd: string, env: NodeJS.ProcessEnv) {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd, env: { ...env, NO_COLOR: '1' }, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const PEEK = '\nstatic void peek(struct page *page, void *dst)\n{\n\tvoid *vaddr = kmap_atomic(page);\n\n\tmemcpy(dst, vaddr, 8);\n\tkunmap_atomic(vaddr);\n}\n';

describe('--exclude beyond scan and rewrite', () => {
  it('series: an excluded driver directory gets no patch, the others are as without it', async () => {
    const repo = TestRepo.create(kernelLikeTree());
    const out = (n: string) => path.join(path.dirname(repo.dir), n);
    const all = await buildSeries({ tree: repo.dir, outDir: out('all'), env: repo.env, tool: TOOL });
    const files = all.patches.flatMap((p) => p.files);
    expect(files).toContain('fs/blkfs/read.c');
    const some = await buildSeries({ tree: repo.dir, outDir: out('some'), env: repo.env, tool: TOOL, exclude: ['fs/blkfs'] });
    expect(some.patches.flatMap((p) => p.files)).toEqual(files.filter((f) => !f.startsWith('fs/blkfs/')));
    // The same through the CLI, by a bare file name.
    const r = cli(['series', repo.dir, '-o', out('cli'), '--exclude', 'read.c', '--json'], repo.dir, repo.env);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).patches.flatMap((p: { files: string[] }) => p.files)).toEqual(files.filter((f) => !f.endsWith('/read.c')));
  });

  it('check: excluded changed files are not judged, and a note says how many were left out', async () => {
    const repo = TestRepo.create({ Makefile: MAKEFILE, ...HEADERS, 'drivers/net/acme/acme.c': kmapDriver('acme'), 'drivers/staging/old/old.c': kmapDriver('old') });
    for (const rel of ['drivers/net/acme/acme.c', 'drivers/staging/old/old.c']) repo.write({ [rel]: readFileSync(path.join(repo.dir, rel), 'utf8') + PEEK });
    repo.git('add', '-A');
    const both = await checkChange({ source: { kind: 'staged' }, cwd: repo.dir, env: repo.env });
    expect(new Set(both.findings.map((f) => f.path))).toEqual(new Set(['drivers/net/acme/acme.c', 'drivers/staging/old/old.c']));
    const one = await checkChange({ source: { kind: 'staged' }, cwd: repo.dir, env: repo.env, exclude: ['drivers/staging'] });
    expect(new Set(one.findings.map((f) => f.path))).toEqual(new Set(['drivers/net/acme/acme.c']));
    expect(one.filesChecked).toBe(1);
    expect(one.notes).toContain('1 changed file left out by --exclude');
    const r = cli(['check', '--format', 'json', '--exclude', 'acme.c', '--exclude', 'drivers/staging/**'], repo.dir, repo.env);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).summary.findings).toBe(0);
  });

  it('validate: excluded files are not judged; with OLD.c NEW.c or --compile it is a usage error', () => {
    const repo = TestRepo.create({ 'a/x.c': 'int f(void)\n{\n\treturn 1;\n}\n', 'b/y.c': 'int g(void)\n{\n\treturn 1;\n}\n' });
    writeFileSync(path.join(repo.dir, 'a/x.c'), 'int f(void)\n{\n\treturn 2;\n}\n');
    writeFileSync(path.join(repo.dir, 'b/y.c'), 'int g(void)\n{\n\treturn 2;\n}\n');
    const judged = (args: string[]) => JSON.parse(cli(['validate', '--json', ...args], repo.dir, repo.env).stdout).files.map((f: { path: string }) => f.path);
    expect(judged([])).toEqual(['a/x.c', 'b/y.c']);
    expect(judged(['--exclude', 'b'])).toEqual(['a/x.c']);
    expect(judged(['--exclude', '*.c'])).toEqual([]);
    const two = cli(['validate', '--exclude', 'b', 'a/x.c', 'b/y.c'], repo.dir, repo.env);
    expect(two.code).toBe(2);
    expect(two.stderr).toMatch(/--exclude applies to a git working tree/);
    expect(cli(['validate', '--compile', '--exclude', 'b'], repo.dir, repo.env).code).toBe(2);
  });
});
