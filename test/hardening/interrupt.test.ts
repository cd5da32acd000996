/**
 * SIGINT/SIGTERM during `rewrite --write` and `series -o`: the run stops on a
 * file boundary and says which files it wrote and which it did not (exit
 * 130/143); while files are still being processed it stops at once and says
 * nothing was written. The signal is sent at a fixed point: the test-only
 * DMA_MIGRATE_TEST_PAUSE makes the run hold there (saying so on stderr)
 * until a signal arrives, so nothing depends on timing.
 */
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../harness/corpus.js';
import { tempTree } from '../harness/temp-tree.js';
import { HEADERS, MAKEFILE, kmapDriver } from '../submission/kernel-like-tree.js';

const BIN = path.join(REPO_ROOT, 'bin', 'dma-migrate.js');
const NAMES = ['a', 'b', 'c', 'd', 'e'];

interface Ended {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stderr: string;
}

/** Run the CLI; when stderr says it holds at `pause`, send `signal`. */
function runAndSignal(args: string[], cwd: string, pause: string, signal: NodeJS.Signals): Promise<Ended> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd, env: { ...process.env, NO_COLOR: '1', DMA_MIGRATE_TEST_PAUSE: pause }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    let sent = false;
    child.stdout.resume();
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => {
      stderr += chunk;
      if (!sent && stderr.includes(`test pause at ${pause}\n`)) {
        sent = true;
        child.kill(signal);
      }
    });
    child.on('error', reject);
    child.on('close', (code, sig) => resolve({ code, signal: sig, stderr }));
  });
}

/** Five kmap drivers, and what a complete `rewrite --write` makes of each. */
function treeAndExpected(): { root: string; old: Map<string, string>; converted: Map<string, string> } {
  const files: Record<string, string> = { Makefile: MAKEFILE, ...HEADERS };
  for (const n of NAMES) files[`drivers/x/${n}.c`] = kmapDriver(n);
  const root = tempTree('dma-migrate-interrupt-', files);
  const full = mkdtempSync(path.join(tmpdir(), 'dma-migrate-interrupt-full-'));
  cpSync(root, full, { recursive: true });
  const r = spawnSync(process.execPath, [BIN, 'rewrite', '--write', '-j', '1', 'drivers'], { cwd: full, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  expect(r.status, r.stderr).toBe(0);
  const old = new Map(NAMES.map((n) => [`drivers/x/${n}.c`, files[`drivers/x/${n}.c`]!]));
  const converted = new Map(NAMES.map((n) => [`drivers/x/${n}.c`, readFileSync(path.join(full, 'drivers/x', `${n}.c`), 'utf8')]));
  for (const [p, text] of converted) expect(text, p).not.toBe(old.get(p));
  return { root, old, converted };
}

function tempFiles(dir: string): string[] {
  return readdirSync(dir).filter((n) => n.includes('.dma-migrate.tmp'));
}

describe('SIGINT/SIGTERM during rewrite --write', () => {
  it('SIGINT after two files are written: those two are new, the rest old, each named; exit 130', async () => {
    const { root, old, converted } = treeAndExpected();
    const r = await runAndSignal(['rewrite', '--write', '-j', '1', 'drivers'], root, 'write:2', 'SIGINT');
    expect(r.code, r.stderr).toBe(130);
    expect(r.stderr).toMatch(/interrupted \(SIGINT\) while writing: 2 files written, 3 not written/);
    const written = [...r.stderr.matchAll(/^ {2}written: +(\S+)$/gm)].map((m) => m[1]);
    const notWritten = [...r.stderr.matchAll(/^ {2}not written: (\S+) \(stopped before it\)$/gm)].map((m) => m[1]);
    expect(written).toHaveLength(2);
    expect(notWritten).toHaveLength(3);
    expect(new Set([...written, ...notWritten])).toEqual(new Set(old.keys()));
    for (const p of old.keys()) {
      const now = readFileSync(path.join(root, p), 'utf8');
      expect(now, p).toBe(written.includes(p) ? converted.get(p) : old.get(p));
    }
    expect(tempFiles(path.join(root, 'drivers/x'))).toEqual([]);
    // The run did not go on to print its normal report.
    expect(r.stderr).not.toMatch(/rewritten/);
  });

  it('SIGTERM before the first write: nothing written, all five named; exit 143', async () => {
    const { root, old } = treeAndExpected();
    const r = await runAndSignal(['rewrite', '--write', '-j', '1', 'drivers'], root, 'write:0', 'SIGTERM');
    expect(r.code, r.stderr).toBe(143);
    expect(r.stderr).toMatch(/interrupted \(SIGTERM\) while writing: 0 files written, 5 not written/);
    for (const [p, text] of old) expect(readFileSync(path.join(root, p), 'utf8'), p).toBe(text);
  });

  it('SIGINT once the files are processed, before the first write (the processing phase): says nothing was written; exit 130', async () => {
    const { root, old } = treeAndExpected();
    const r = await runAndSignal(['rewrite', '--write', '-j', '2', 'drivers'], root, 'processing', 'SIGINT');
    expect(r.code, r.stderr).toBe(130);
    expect(r.stderr).toMatch(/interrupted \(SIGINT\) before writing anything: nothing was written/);
    for (const [p, text] of old) expect(readFileSync(path.join(root, p), 'utf8'), p).toBe(text);
    expect(tempFiles(path.join(root, 'drivers/x'))).toEqual([]);
  });

  it('series -o: SIGINT before the series is written leaves no patch and no staging directory; exit 130', async () => {
    const { root } = treeAndExpected();
    const out = path.join(mkdtempSync(path.join(tmpdir(), 'dma-migrate-interrupt-series-')), 'patches');
    const r = await runAndSignal(['series', root, '-o', out], root, 'processing', 'SIGINT');
    expect(r.code, r.stderr).toBe(130);
    expect(r.stderr).toMatch(/nothing was written/);
    let left: string[] = [];
    try {
      left = readdirSync(out);
    } catch {
      left = [];
    }
    expect(left).toEqual([]);
  });
});
