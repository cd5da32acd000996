/**
 * A first run: the README's install puts `dma-migrate` on PATH, every
 * command's help has examples and one exit-code table, usage errors are one
 * line and a hint, and the run options (-q, --summary, --exclude,
 * .gitignore, collapsed repeats) do what their help says.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from './harness/corpus.js';
import { gitEnv } from './harness/git-repo.js';

const BIN = path.join(REPO_ROOT, 'bin', 'dma-migrate.js');
const DEMO = path.join(REPO_ROOT, 'corpus', '_demo');
const COMMANDS = ['scan', 'rewrite', 'validate', 'rules', 'series', 'check', 'hook'];

function run(args: string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv } = {}) {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: opts.cwd ?? REPO_ROOT, env: { ...process.env, ...opts.env }, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function demoCopy(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'dma-migrate-first-'));
  cpSync(DEMO, dir, { recursive: true });
  return dir;
}

/** One line of a site of the demo per `file:line:col:` prefix on stderr. */
function siteLines(text: string): string[] {
  return text.split('\n').filter((l) => /^\S+\.[ch]:\d+:\d+: /.test(l));
}

describe('first run', () => {
  it('the README install (npm install -g into a prefix) puts a working dma-migrate on PATH, usable from any directory', () => {
    const prefix = mkdtempSync(path.join(tmpdir(), 'dma-migrate-prefix-'));
    try {
      execFileSync('npm', ['install', '--global', '--prefix', prefix, '--no-audit', '--no-fund', '--ignore-scripts', REPO_ROOT], { stdio: 'pipe', env: { ...process.env, npm_config_update_notifier: 'false' } });
      const elsewhere = mkdtempSync(path.join(tmpdir(), 'dma-migrate-cwd-'));
      const out = execFileSync('dma-migrate', ['--version'], { cwd: elsewhere, encoding: 'utf8', env: { ...process.env, PATH: `${path.join(prefix, 'bin')}${path.delimiter}${process.env.PATH}` } });
      expect(out.trim()).toBe(JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')).version);
      rmSync(elsewhere, { recursive: true, force: true });
    } finally {
      rmSync(prefix, { recursive: true, force: true });
    }
  });

  it('every command\'s help has examples and exactly one exit-code table', () => {
    for (const cmd of ['', ...COMMANDS]) {
      const r = run(cmd ? [cmd, '--help'] : ['--help']);
      expect(r.code, cmd).toBe(0);
      expect(r.stdout, cmd).toMatch(/\nExamples:\n {2}\$ dma-migrate/);
      expect(r.stdout.match(/^Exit codes:$/gm), cmd).toHaveLength(1);
      expect(r.stdout, cmd).toMatch(/^ {2}2 {3}usage error/m);
    }
  });

  it('a usage error is one line and a --help hint, not the whole help', () => {
    for (const args of [['scan', '--bogus', 'x'], ['rewrite'], ['series', '.', '-o', 'x', '--group', 'nope'], ['scan', '--jobs', 'many', '.']]) {
      const r = run(args);
      expect(r.code, args.join(' ')).toBe(2);
      const lines = r.stderr.trimEnd().split('\n');
      expect(lines, args.join(' ')).toHaveLength(2);
      expect(lines[1], args.join(' ')).toMatch(/--help/);
      expect(r.stderr).not.toMatch(/Options:/);
    }
  });

  it('-j means parallel jobs, checked the same way, in every command that takes it', () => {
    for (const cmd of ['scan', 'rewrite', 'validate']) {
      expect(run([cmd, '--help']).stdout, cmd).toMatch(/-j, --jobs <n>\s+parallel jobs/);
    }
    expect(run(['validate', '--compile', '--jobs', '0', '.']).stderr).toMatch(/--jobs expects a whole number from 1 to 256/);
    expect(run(['rewrite', '--jobs', '0', '.']).stderr).toMatch(/--jobs expects a whole number from 1 to 256/);
  });

  it('--quiet prints only the diff; --summary only the table', () => {
    const dir = demoCopy();
    const full = run(['rewrite', dir]);
    const quiet = run(['rewrite', '--quiet', dir]);
    expect(quiet.stdout).toBe(full.stdout);
    expect(quiet.stderr).toBe('');
    expect(quiet.code).toBe(full.code);
    const summary = run(['rewrite', '--summary', dir]);
    expect(summary.stdout).toMatch(/^rule +convert +review +skip$/m);
    expect(summary.stdout).not.toMatch(/^diff --git/m);
    expect(siteLines(summary.stderr)).toEqual([]);
    expect(run(['scan', '--summary', dir]).stdout).not.toMatch(/^\S+\.c:\d+:\d+: /m);
    expect(run(['scan', '--quiet', '--summary', dir]).code).toBe(2);
  });

  it('--exclude leaves out paths by glob, and git work trees respect .gitignore (--no-gitignore includes them)', () => {
    const dir = demoCopy();
    const all = run(['scan', '--json', dir]);
    const files = [...new Set(JSON.parse(all.stdout).findings.map((f: { file: string }) => f.file))] as string[];
    expect(files.length).toBeGreaterThan(1);
    const [first, ...rest] = files;
    const excluded = run(['scan', '--json', '--exclude', first!, dir]);
    expect(new Set(JSON.parse(excluded.stdout).findings.map((f: { file: string }) => f.file))).toEqual(new Set(rest));
    const byName = run(['scan', '--json', '--exclude', path.posix.basename(first!), dir]);
    expect(JSON.parse(byName.stdout).findings.some((f: { file: string }) => f.file === first)).toBe(false);

    const env = gitEnv(path.dirname(dir));
    execFileSync('git', ['init', '-q'], { cwd: dir, env });
    writeFileSync(path.join(dir, '.gitignore'), `${first}\n`);
    const ignored = run(['scan', '--json', dir], { env });
    expect(JSON.parse(ignored.stdout).findings.some((f: { file: string }) => f.file === first)).toBe(false);
    expect(run(['scan', dir], { env }).stderr).toMatch(/1 file ignored by git \(\.gitignore\) left out; pass --no-gitignore/);
    const included = run(['scan', '--json', '--no-gitignore', dir], { env });
    expect(JSON.parse(included.stdout).findings.length).toBe(JSON.parse(all.stdout).findings.length);
  });

  it('says a reason repeated at many sites once, with a count (rewrite\'s stderr)', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'dma-migrate-old-'));
    // A kernel tree whose headers lack dma_map_phys(): every DMA site is target-lacks-api.
    writeFileSync(path.join(dir, 'Makefile'), 'VERSION = 6\nPATCHLEVEL = 12\nSUBLEVEL = 0\n');
    cpSync(path.join(REPO_ROOT, 'corpus', 'dma-map-page-to-phys', 'basic-tx-rx', 'before.c'), path.join(dir, 'a.c'));
    cpSync(path.join(REPO_ROOT, 'corpus', 'dma-map-page-to-phys', 'basic-tx-rx', 'before.c'), path.join(dir, 'b.c'));
    const r = run(['rewrite', '--policy', 'all', dir]);
    const lines = r.stderr.split('\n').filter((l) => /target-lacks-api\) /.test(l));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^\d+ sites \(first a\.c:\d+:\d+\): review \(dma-map-page-to-phys: target-lacks-api\)/);
  });

  it('rewrite --lines rewrites only the sites on those lines (what check suggests for an added line), with their map/unmap partners', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'dma-migrate-lines-'));
    cpSync(path.join(REPO_ROOT, 'corpus', 'dma-map-page-to-phys', 'basic-tx-rx', 'before.c'), path.join(dir, 'a.c'));
    const all = run(['rewrite', '--policy', 'all', '--root', dir, path.join(dir, 'a.c')]);
    expect(all.stdout).toMatch(/\+\tbuf->dma = dma_map_phys/);
    expect(all.stdout).toMatch(/\+\tdma_unmap_phys/);
    const hunks = (out: string) => out.split('\n').filter((l) => l.startsWith('@@')).length;
    const one = run(['rewrite', '--policy', 'all', '--lines', '17', '--root', dir, path.join(dir, 'a.c')]);
    expect(one.stdout).toMatch(/\+\tdma_unmap_phys/);
    // The unmap's map comes along (one handle, one API); the file's other pairs do not.
    expect(one.stdout).toMatch(/dma_map_phys/);
    expect(hunks(one.stdout)).toBeLessThanOrEqual(hunks(all.stdout));
    expect(run(['rewrite', '--lines', '17', '--write', dir]).code).toBe(2);
    expect(run(['rewrite', '--lines', 'x', dir]).code).toBe(2);
  });
});
