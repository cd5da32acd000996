/**
 * Output failures: a reader that stops early (`| head`) is a normal end;
 * ENOSPC on stdout, or an output directory that cannot be one, is exit 4 with
 * one line and never a stack trace; FORCE_COLOR=0 turns colour off.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeStyle } from '../../src/cli/render/style.js';
import { REPO_ROOT } from '../harness/corpus.js';
import { TestRepo } from '../harness/git-repo.js';
import { kernelLikeTree } from '../submission/kernel-like-tree.js';

const BIN = path.join(REPO_ROOT, 'bin', 'dma-migrate.js');
const DEMO = path.join(REPO_ROOT, 'corpus', '_demo');

function sh(script: string, env: NodeJS.ProcessEnv = process.env) {
  return spawnSync('sh', ['-c', script], { encoding: 'utf8', env: { ...env, NO_COLOR: '1', BIN, DEMO, NODE: process.execPath }, timeout: 60_000 });
}

const oneLine = (stderr: string) => stderr.split('\n').filter((l) => l.startsWith('dma-migrate:'));

describe('output errors', () => {
  it.skipIf(!existsSync('/dev/full'))('stdout on a full device: exit 4, one line, no stack trace', () => {
    const r = sh('"$NODE" "$BIN" rewrite "$DEMO" > /dev/full');
    expect(r.status).toBe(4);
    expect(oneLine(r.stderr)).toEqual(['dma-migrate: cannot write to standard output: ENOSPC']);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('a reader that stops early is a normal end: no error text, the exit status is not an I/O error', async () => {
    // Far more output than a pipe buffer holds; the reader closes after the first chunk, so the writer gets EPIPE.
    const child = spawn(process.execPath, [BIN, 'scan', '--json', DEMO, DEMO, DEMO, DEMO], { env: { ...process.env, NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
    child.stdout.once('data', () => child.stdout.destroy());
    const code = await new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)));
    expect(stderr).not.toMatch(/EPIPE|Error|\n\s+at /);
    expect([0, 1]).toContain(code);
  });

  it('series -o on a regular file or under /proc: exit 4 with one line, at once', () => {
    const repo = TestRepo.create(kernelLikeTree());
    const file = path.join(path.dirname(repo.dir), 'a-file');
    writeFileSync(file, 'keep me\n');
    for (const out of [file, path.join(file, 'sub'), ...(existsSync('/proc/self') ? ['/proc/x'] : [])]) {
      const r = spawnSync(process.execPath, [BIN, 'series', '.', '-o', out], { cwd: repo.dir, env: repo.env, encoding: 'utf8', timeout: 60_000 });
      expect(r.error, out).toBeUndefined();
      expect(r.status, `${out}: ${r.stderr}`).toBe(4);
      expect(oneLine(r.stderr), out).toHaveLength(1);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }
  });

  it('FORCE_COLOR=0 turns colour off even on a terminal', () => {
    expect(makeStyle(true, {}).level).toBeGreaterThan(0);
    expect(makeStyle(true, { FORCE_COLOR: '0' }).level).toBe(0);
    expect(makeStyle(true, { FORCE_COLOR: 'false' }).level).toBe(0);
  });
});
