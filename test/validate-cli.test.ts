/** `dma-migrate validate` modes that need no kernel build: usage errors, --clean, a change with nothing to build. */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createTwoFilesPatch } from 'diff';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from './harness/corpus.js';
import { tempTree } from './harness/temp-tree.js';

const BIN = path.join(REPO_ROOT, 'bin', 'dma-migrate.js');

function run(args: string[], env: NodeJS.ProcessEnv = {}) {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: REPO_ROOT, env: { ...process.env, NO_COLOR: '1', ...env }, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** A tree with just enough of a kernel's shape (synthetic). */
function fakeTree(): string {
  return tempTree('dmv-fake-kernel-', {
    Makefile: 'VERSION = 6\nPATCHLEVEL = 12\nSUBLEVEL = 0\n',
    'include/linux/dma-mapping.h': '/* no phys API */\n',
    'include/linux/dma-map-ops.h': 'struct dma_map_ops {\n\tint x;\n};\n',
    'Documentation/notes.txt': 'one\n',
  });
}

describe('dma-migrate validate', () => {
  it('takes one kernel mode at most (without one, validate is the behaviour-model mode: test/model/validate.test.ts)', () => {
    expect(run(['validate', '--compile', '--boot'])).toMatchObject({ code: 2, stderr: expect.stringMatching(/choose one of --compile, --boot, --clean/) });
  });

  it('--compile needs exactly one change source', () => {
    const tree = fakeTree();
    expect(run(['validate', '--compile', '--tree', tree])).toMatchObject({ code: 2, stderr: expect.stringMatching(/exactly one change/) });
    expect(run(['validate', '--compile', '--tree', tree, '--patch', 'x.patch', '--against', 'HEAD'])).toMatchObject({ code: 2 });
  });

  it('--compile TREE --patch FILE reports a file it cannot build and exits 1', () => {
    const tree = fakeTree();
    const cache = mkdtempSync(path.join(tmpdir(), 'dmv-cache-'));
    const patch = path.join(cache, 'doc.patch');
    writeFileSync(patch, createTwoFilesPatch('a/Documentation/notes.txt', 'b/Documentation/notes.txt', 'one\n', 'two\n'));
    const r = run(['validate', '--compile', tree, '--patch', patch], { DMA_MIGRATE_CACHE: cache });
    expect(r.stdout).toMatch(/skipped\s+Documentation\/notes\.txt\s+not a C source or header/);
    expect(r.stdout).toMatch(/summary: 0 built clean, 0 with new warnings, 0 with errors, 0 not built, 1 skipped/);
    expect(r.code).toBe(1);
  });

  it('--clean removes the build artefacts under $DMA_MIGRATE_CACHE and keeps the unpacked sources', () => {
    const cache = mkdtempSync(path.join(tmpdir(), 'dmv-cache-'));
    for (const d of ['compile/x', 'boot/kernel-1', 'src/linux-source-6.12']) mkdirSync(path.join(cache, d), { recursive: true });
    const r = run(['validate', '--clean'], { DMA_MIGRATE_CACHE: cache });
    expect(r.code).toBe(0);
    expect([existsSync(path.join(cache, 'compile')), existsSync(path.join(cache, 'boot')), existsSync(path.join(cache, 'src', 'linux-source-6.12'))]).toEqual([false, false, true]);
  });
});
