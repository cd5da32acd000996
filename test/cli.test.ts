/** End-to-end: spawn bin/dma-migrate.js (built by `npm test`) for flags, output and exit codes. */
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from './harness/corpus.js';

const BIN = path.join(REPO_ROOT, 'bin', 'dma-migrate.js');
const DEMO = path.join(REPO_ROOT, 'corpus', '_demo');

function run(args: string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv } = {}) {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: opts.cwd ?? REPO_ROOT, env: { ...process.env, ...opts.env }, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function demoCopy(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'dma-migrate-demo-'));
  cpSync(DEMO, dir, { recursive: true });
  return dir;
}

function snapshot(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (d: string) => {
    for (const n of readdirSync(d).sort()) {
      const p = path.join(d, n);
      if (statSync(p).isDirectory()) walk(p);
      else out.set(path.relative(dir, p), readFileSync(p, 'latin1'));
    }
  };
  walk(dir);
  return out;
}

const ANSI = /\u001b\[/;

describe('dma-migrate CLI', () => {
  it('lists the rules', () => {
    const r = run(['rules']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^dma-map-page-to-phys\s+dma_map_page/m);
    expect(r.stdout).toMatch(/^kmap-atomic-to-local\s/m);
  });

  it('scan --json prints the documented shape, uncolored, and exits 1 when sites remain', () => {
    const r = run(['scan', DEMO, '--json'], { env: { FORCE_COLOR: '3' } });
    expect(r.code).toBe(1);
    expect(r.stdout).not.toMatch(ANSI);
    const report = JSON.parse(r.stdout);
    expect(Object.keys(report.findings[0]).slice(0, 7)).toEqual(['file', 'line', 'column', 'rule', 'api', 'status', 'reason']);
    expect(report.findings.every((f: { file: string }) => !path.isAbsolute(f.file))).toBe(true);
    expect(report.summary.review).toBeGreaterThan(0);
    expect(report.summary.convert).toBeGreaterThan(0);
    const vendor = report.findings.filter((f: { file: string }) => f.file.includes('vendorx'));
    expect(vendor.map((f: { status: string; reason: string }) => `${f.status}:${f.reason}`)).toEqual(['review:non-gpl-module', 'review:non-gpl-module']);
    // kmap sites carry a verdict each, counted per rule.
    const kmap = report.findings.filter((f: { rule: string }) => f.rule === 'kmap-atomic-to-local');
    expect(kmap.every((f: { verdict?: string }) => f.verdict !== undefined)).toBe(true);
    expect(report.summary.byRule['kmap-atomic-to-local'].verdicts).toEqual({ auto: 6, review: 2 });
  });

  it('rewrite prints a diff that git apply takes from the root, equal to --write, and a second run changes nothing', () => {
    const viaDiff = demoCopy();
    const viaWrite = demoCopy();
    const diff = run(['rewrite', viaDiff]);
    expect(diff.code).toBe(1); // review sites remain in the demo
    expect(diff.stdout).toMatch(/^diff --git a\/drivers\/net\/ethernet\/acme\/acme_main\.c b\//m);
    expect(diff.stderr).toMatch(/non-gpl-module/);
    execFileSync('git', ['apply', '-p1', '--unsafe-paths', '--directory=.', '-'], { cwd: viaDiff, input: diff.stdout });
    const written = run(['rewrite', '--write', viaWrite]);
    expect(written.code).toBe(1);
    expect(written.stdout).toBe('');
    expect(snapshot(viaDiff)).toEqual(snapshot(viaWrite));
    const before = snapshot(viaWrite);
    const again = run(['rewrite', '--write', viaWrite]);
    expect(again.stderr).toMatch(/0 rewritten/);
    expect(snapshot(viaWrite)).toEqual(before);
  });

  it('exits 0 when nothing is left to do', () => {
    const dir = demoCopy();
    const r = run(['rewrite', '--write', '--rule', 'dma-map-resource-to-phys', path.join(dir, 'drivers', 'dma')]);
    expect(r.code).toBe(0);
    expect(run(['scan', '--rule', 'dma-map-resource-to-phys', path.join(dir, 'drivers', 'dma')]).code).toBe(0);
  });

  it('reports usage errors with exit 2 and I/O errors with exit 4', () => {
    expect(run(['scan']).code).toBe(2);
    expect(run(['frobnicate']).code).toBe(2);
    expect(run(['scan', DEMO, '--rule', 'no-such-rule']).code).toBe(2);
    const bad = run(['scan', DEMO, '--target-version', 'six']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/MAJOR\.MINOR/);
    const missing = run(['scan', path.join(DEMO, 'no-such-dir')]);
    expect(missing.code).toBe(4);
    expect(missing.stderr).toMatch(/no such file or directory/);
  });

  it('documents the exit codes in --help', () => {
    const r = run(['--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Exit codes:[\s\S]*70\s+internal error/);
  });

  it('rewrites for an older target only with --target-version', () => {
    const dir = demoCopy();
    const lacks = run(['scan', '--json', '--target-version', '6.12', dir]);
    const report = JSON.parse(lacks.stdout);
    const dma = report.findings.filter((f: { rule: string }) => f.rule.startsWith('dma-'));
    // Every DMA site the policy would convert waits for the API; the ones it keeps are skips either way.
    const wouldConvert = dma.filter((f: { reason: string; status: string }) => f.reason !== 'non-gpl-module' && f.status !== 'skip');
    expect(wouldConvert.length).toBeGreaterThan(0);
    expect(wouldConvert.every((f: { reason: string }) => f.reason === 'target-lacks-api')).toBe(true);
    const kmap = report.findings.filter((f: { rule: string; status: string }) => f.rule === 'kmap-atomic-to-local' && f.status === 'convert');
    expect(kmap.length).toBeGreaterThan(0);
  });
});

describe('dma-migrate explain', () => {
  it('prints the decision, every stage that decided, and the lines behind a refusal', () => {
    const r = run(['explain', path.join(DEMO, 'fs/blkfs/read.c') + ':30']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('kunmap_atomic (kmap-atomic-to-local): review, function-has-unsafe-mapping');
    expect(r.stdout).toMatch(/history:\n {2}1\. rule +review +function-has-unsafe-mapping/);
    // The refusal names line 27: the mapping it depends on is shown as evidence.
    expect(r.stdout).toMatch(/ {4}27 \| .*kmap_atomic/);
    expect(r.stdout).toMatch(/ {4}30 \| .*kunmap_atomic/);
  });

  it('shows a site withdrawn by a later stage with both decisions', () => {
    const r = run(['explain', path.join(DEMO, 'drivers/net/ethernet/acme/acme_main.c') + ':15', '--target-version', '6.12', '--policy', 'all']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/1\. rule +convert +page-to-phys/);
    expect(r.stdout).toMatch(/2\. plan +review +target-lacks-api/);
  });

  it('names the lines that hold sites when the line holds none (exit 2)', () => {
    const r = run(['explain', path.join(DEMO, 'fs/blkfs/read.c') + ':1']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('no site on');
    expect(r.stderr).toContain('27');
  });
});
