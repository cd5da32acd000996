/**
 * A tree is untrusted input: control files that are FIFOs or devices, paths
 * that are FIFOs, symlinks out of the tree. Each gets a clear one-line error
 * and never a hang (every run here has a timeout, so a hang fails the test).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../harness/corpus.js';
import { TestRepo } from '../harness/git-repo.js';
import { tempTree } from '../harness/temp-tree.js';
import { HEADERS, MAKEFILE, kmapDriver } from '../submission/kernel-like-tree.js';

const BIN = path.join(REPO_ROOT, 'bin', 'dma-migrate.js');

function cli(cwd: string, args: readonly string[], env: NodeJS.ProcessEnv = process.env) {
  return spawnSync(process.execPath, [BIN, ...args], { cwd, env: { ...env, NO_COLOR: '1' }, encoding: 'utf8', timeout: 60_000 });
}

function tree(): string {
  return tempTree('dma-migrate-hostile-', { Makefile: MAKEFILE, ...HEADERS, 'drivers/acme/acme.c': kmapDriver('acme') });
}

describe('control files and paths that are not regular files', () => {
  it('a .clang-format that is a symlink to /dev/zero: one line, exit 4, no unbounded read', () => {
    const root = tree();
    symlinkSync('/dev/zero', path.join(root, '.clang-format'));
    const r = cli(root, ['rewrite', '.']);
    expect(r.error).toBeUndefined(); // no timeout
    expect(r.status).toBe(4);
    expect(r.stderr).toMatch(/\.clang-format: not a regular file/);
    expect(r.stderr.trim().split('\n').filter((l) => l.startsWith('dma-migrate:'))).toHaveLength(1);
  });

  it('a FIFO named Makefile: refused, not waited on', () => {
    const root = tempTree('dma-migrate-hostile-', { ...HEADERS, 'drivers/acme/acme.c': kmapDriver('acme') });
    execFileSync('mkfifo', [path.join(root, 'Makefile')]);
    const r = cli(root, ['scan', 'drivers']);
    expect(r.error).toBeUndefined();
    expect(r.status).toBe(4);
    expect(r.stderr).toMatch(/Makefile: not a regular file/);
  });

  it('a FIFO given as a path: an error for that path, the other files processed', () => {
    const root = tree();
    execFileSync('mkfifo', [path.join(root, 'drivers/acme/pipe.c')]);
    const r = cli(root, ['scan', 'drivers/acme/pipe.c', 'drivers/acme/acme.c']);
    expect(r.error).toBeUndefined();
    expect(r.stdout).toMatch(/acme\.c:\d+:\d+/);
    expect(r.stderr).toMatch(/pipe\.c.*not a regular file/);
    expect(r.status).toBe(4);
  });

  it('an oversized Makefile is refused with its size, not read whole', () => {
    const root = tree();
    writeFileSync(path.join(root, 'Makefile'), MAKEFILE + '#'.repeat(5 * 1024 * 1024));
    const r = cli(root, ['scan', '.']);
    expect(r.status).toBe(4);
    expect(r.stderr).toMatch(/Makefile: \d+ bytes, over the \d+-byte limit/);
  });

  it('a file over the parse limit that names an API is an error (exit 4), not "0 mention the APIs"', () => {
    const root = tree();
    writeFileSync(path.join(root, 'drivers/acme/huge.c'), kmapDriver('huge') + `/* ${'x'.repeat(17 * 1024 * 1024)} */\n`);
    const r = cli(root, ['scan', 'drivers/acme/huge.c']);
    expect(r.status).toBe(4);
    expect(r.stderr + r.stdout).toMatch(/huge\.c: error too-large: .* names a migrated API/);
    expect(r.stdout).toMatch(/1 mention the APIs/);
  });

  it('code after a comment that is never closed is not rewritten (the compiler reads it as comment)', () => {
    const fn = 'static void uc_copy(struct page *p, void *d)\n{\n\tvoid *v = kmap_atomic(p);\n\n\tmemcpy(d, v, 8);\n\tkunmap_atomic(v);\n}\n';
    const root = tempTree('dma-migrate-hostile-', { 'uc.c': `static int x; /* never closed\n\n${fn}`, 'ok.c': `static int x; /* closed */\n\n${fn}` });
    expect(JSON.parse(cli(root, ['rewrite', '--json', 'ok.c']).stdout).diff).toMatch(/memcpy_from_page/);
    const r = cli(root, ['rewrite', '--json', 'uc.c']);
    const report = JSON.parse(r.stdout);
    expect(report.diff).toBe('');
    expect(report.findings.map((f: { status: string; reason: string }) => `${f.status} ${f.reason}`)).toEqual(['review parse-error', 'review parse-error']);
    expect(report.findings[0].message).toMatch(/never closed/);
  });

  it('a looping symlink is called a loop, not "outside root"', () => {
    const root = tree();
    symlinkSync('loop.c', path.join(root, 'drivers/acme/loop.c'));
    const r = cli(root, ['scan', '--json', '.']);
    const diag = JSON.parse(r.stdout).diagnostics.find((d: { path: string }) => d.path === 'drivers/acme/loop.c');
    expect(diag.message).toMatch(/loops/);
    expect(diag.code).not.toBe('symlink-outside-root');
  });
});

describe('series and symlinks', () => {
  it('a tracked symlink given explicitly that points outside the repository is refused; its target never reaches a patch', () => {
    const repo = TestRepo.create({ Makefile: MAKEFILE, ...HEADERS, 'drivers/acme/acme.c': kmapDriver('acme') });
    const outside = path.join(path.dirname(repo.dir), 'secret');
    mkdirSync(outside);
    writeFileSync(path.join(outside, 'secret.c'), kmapDriver('secret').replace('synthetic driver', 'SECRET TEXT'));
    symlinkSync(path.join(outside, 'secret.c'), path.join(repo.dir, 'drivers/acme/leak.c'));
    repo.commitAll('acme: add a link');
    const out = path.join(path.dirname(repo.dir), 'out');
    const r = cli(repo.dir, ['series', '.', 'drivers/acme/acme.c', 'drivers/acme/leak.c', '-o', out], repo.env);
    expect(r.stderr).toMatch(/leak\.c.*symlink.*outside/);
    const text = readdirSync(out)
      .map((n) => readFileSync(path.join(out, n), 'utf8'))
      .join('\n');
    expect(text).not.toMatch(/SECRET TEXT|secret_copy_rx/);
    expect(text).toMatch(/acme_copy_rx/);
  });

  it('rewrite --write through a symlink argument inside the tree converts the target and keeps the link', () => {
    const root = tree();
    symlinkSync('acme.c', path.join(root, 'drivers/acme/alias.c'));
    const r = cli(root, ['rewrite', '--write', 'drivers/acme/alias.c']);
    expect(r.status, r.stderr).toBe(0);
    const st = spawnSync('stat', ['-c', '%F', path.join(root, 'drivers/acme/alias.c')], { encoding: 'utf8' });
    expect(st.stdout.trim()).toBe('symbolic link');
    expect(readFileSync(path.join(root, 'drivers/acme/acme.c'), 'utf8')).toMatch(/kmap_local_page/);
  });
});
