/** End-to-end: `dma-migrate validate` on two files and on a git working tree. */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../harness/corpus.js';

const BIN = path.join(REPO_ROOT, 'bin', 'dma-migrate.js');
const CASE = path.join(REPO_ROOT, 'corpus', '_combined', 'dma-and-kmap');
const before = readFileSync(path.join(CASE, 'before.c'), 'utf8');
const after = readFileSync(path.join(CASE, 'after.c'), 'utf8');
const wrong = after.replace('dma_unmap_phys(dev, src, len, DMA_TO_DEVICE, 0);\n\treturn 0;', 'dma_unmap_phys(dev, src, PAGE_SIZE, DMA_TO_DEVICE, 0);\n\treturn 0;');

function run(args: string[], cwd = REPO_ROOT) {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd, env: { ...process.env, NO_COLOR: '1' }, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function repo(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'dma-migrate-validate-'));
  const git = (...args: string[]) => execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.org', ...args], { cwd: dir, stdio: 'ignore' });
  git('init', '-q');
  writeFileSync(path.join(dir, 'xfer.c'), before);
  writeFileSync(path.join(dir, 'notes.txt'), 'not C\n');
  git('add', '.');
  git('commit', '-q', '-m', 'base');
  return dir;
}

describe('dma-migrate validate', () => {
  it('accepts a correct rewrite given as OLD.c NEW.c and exits 0', () => {
    const r = run(['validate', path.join(CASE, 'before.c'), path.join(CASE, 'after.c')]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/xfer\(\): accepted/);
    expect(r.stdout).toMatch(/1 accepted, 0 rejected, 0 not judged/);
  });

  it('rejects a wrong working-tree change against HEAD with the contract and the path, and exits 3', () => {
    const dir = repo();
    writeFileSync(path.join(dir, 'xfer.c'), wrong);
    writeFileSync(path.join(dir, 'notes.txt'), 'changed, not C\n');
    const r = run(['validate'], dir);
    expect(r.code).toBe(3);
    expect(r.stdout).toMatch(/^xfer\.c:6: xfer\(\): rejected: unmap-mismatch at line 26:/m);
    expect(r.stdout).toMatch(/path: lines .*26/);
    expect(r.stdout).not.toMatch(/notes\.txt/);
  });

  it('checks against --rev and reports JSON', () => {
    const dir = repo();
    writeFileSync(path.join(dir, 'xfer.c'), after);
    execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.org', 'commit', '-q', '-am', 'rewrite'], { cwd: dir });
    // The working tree equals HEAD: nothing to judge.
    expect(run(['validate', dir]).stdout).toMatch(/no changed C file against HEAD/);
    const r = run(['validate', '--rev', 'HEAD~1', '--json', dir]);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report).toMatchObject({ mode: 'model', against: 'HEAD~1', summary: { accepted: 1, rejected: 0, unjudged: 0 } });
    expect(report.files[0].functions[0]).toMatchObject({ name: 'xfer', verdict: 'accepted' });
  });

  it('is a usage error for an unknown revision or outside a repository', () => {
    const dir = repo();
    expect(run(['validate', '--rev', 'no-such-rev', dir]).code).toBe(2);
    const bare = mkdtempSync(path.join(tmpdir(), 'dma-migrate-norepo-'));
    expect(run(['validate', bare]).code).toBe(2);
  });
});
