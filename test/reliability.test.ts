/**
 * Odd files get a per-file diagnostic and the run goes on; --write never
 * leaves a half-written file, even when the process is killed mid-run.
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { allFeatures } from '../src/core/target.js';
import { LicenseResolver } from '../src/engine/discover/module-license.js';
import { loadRules } from '../src/engine/match/index.js';
import { createCParser } from '../src/engine/parse/index.js';
import { processFile, runMigration, MAX_PARSE_BYTES } from '../src/engine/pipeline/index.js';
import { KeywordScanner } from '../src/engine/prefilter/index.js';
import { RULES } from '../src/rules/index.js';
import { REPO_ROOT } from './harness/corpus.js';

const SRC = 'void f(struct page *p)\n{\n\tvoid *v = kmap_atomic(p);\n\n\tclear(v);\n\tkunmap_atomic(v);\n}\n';
const NEW = SRC.replace('kmap_atomic', 'kmap_local_page').replace('kunmap_atomic', 'kunmap_local');

describe('odd files', () => {
  it('reports each odd file once and still rewrites the good ones', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'dma-migrate-odd-'));
    const outside = mkdtempSync(path.join(tmpdir(), 'dma-migrate-outside-'));
    writeFileSync(path.join(outside, 'elsewhere.c'), SRC);
    writeFileSync(path.join(dir, 'good.c'), SRC);
    writeFileSync(path.join(dir, 'crlf.c'), SRC.replace(/\n/g, '\r\n'));
    writeFileSync(path.join(dir, 'latin1.c'), Buffer.concat([Buffer.from('/* M\xfcller */\n', 'latin1'), Buffer.from(SRC)]));
    writeFileSync(path.join(dir, 'binary.c'), Buffer.concat([Buffer.from(SRC), Buffer.from([0, 1, 2, 3])]));
    writeFileSync(path.join(dir, 'huge.c'), SRC + `/* ${'x'.repeat(MAX_PARSE_BYTES)} */\n`);
    symlinkSync(path.join(outside, 'elsewhere.c'), path.join(dir, 'link.c'));
    execFileSync('mkfifo', [path.join(dir, 'fifo.c')]);

    const r = await runMigration({ paths: [dir], mode: 'rewrite' });
    const codes = Object.fromEntries(r.diagnostics.map((d) => [d.path, d.code]));
    expect(codes).toEqual({ 'binary.c': 'binary', 'crlf.c': 'crlf', 'huge.c': 'too-large', 'latin1.c': 'not-utf8', 'link.c': 'symlink-outside-root', 'fifo.c': 'unreadable' });
    expect(r.diagnostics).toHaveLength(6);
    const out = Object.fromEntries(r.files.filter((f) => f.output !== undefined).map((f) => [f.path, f.output]));
    expect(out['good.c']).toBe(NEW);
    expect(out['crlf.c']).toBe(NEW.replace(/\n/g, '\r\n'));
    expect(out['latin1.c']).toContain('kmap_local_page(p)');
    expect(Object.keys(out).sort()).toEqual(['crlf.c', 'good.c', 'latin1.c']);
  });

  it('turns a path that cannot be read (a directory, as root cannot be denied) into a diagnostic', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'dma-migrate-dir-'));
    mkdirSync(path.join(dir, 'sub.c'));
    const parser = createCParser();
    const o = processFile(
      { absPath: path.join(dir, 'sub.c'), path: 'sub.c' },
      {
        parser,
        rules: loadRules(RULES, parser),
        scanner: new KeywordScanner(RULES.flatMap((x) => x.meta.apis)),
        target: { source: 'default', features: allFeatures(true) },
        licenses: new LicenseResolver(dir),
      },
    );
    expect(o.diagnostics).toEqual([expect.objectContaining({ path: 'sub.c', code: 'unreadable', severity: 'error', message: expect.stringContaining('EISDIR') })]);
  });
});

describe('--write killed mid-run', () => {
  it('leaves every file either as it was or fully rewritten', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'dma-migrate-kill-'));
    const names = Array.from({ length: 40 }, (_, i) => `f${String(i).padStart(4, '0')}.c`);
    for (const n of names) writeFileSync(path.join(dir, n), SRC);
    // The kill comes at a fixed point, not after a delay: a preloaded module makes the process
    // SIGKILL itself when it is about to rename its 11th temporary file over the original
    // (that file is fully written and synced, the rename not yet done).
    const preload = path.join(dir, '.kill-at-rename.cjs');
    writeFileSync(
      preload,
      `const fs = require('node:fs');
const { syncBuiltinESMExports } = require('node:module');
const rename = fs.renameSync;
let n = 0;
fs.renameSync = (...args) => {
  if (++n === ${KILL_AT}) process.kill(process.pid, 'SIGKILL');
  return rename(...args);
};
syncBuiltinESMExports();
`,
    );
    // --no-cache: the result cache renames its entries into place too, and only the writes of --write are counted here.
    const child = spawn(process.execPath, ['--require', preload, path.join(REPO_ROOT, 'bin', 'dma-migrate.js'), 'rewrite', '--write', '--no-cache', '--jobs', '1', dir], { stdio: 'ignore' });
    const signal = await new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, sig) => resolve(sig)));

    expect(signal).toBe('SIGKILL');
    const texts = names.map((n) => readFileSync(path.join(dir, n), 'utf8'));
    for (const [i, text] of texts.entries()) expect([SRC, NEW], names[i]).toContain(text);
    // Files are written in path order: the first ten were renamed into place, the rest untouched.
    expect(texts.filter((t) => t === NEW)).toHaveLength(KILL_AT - 1);
    expect(texts.slice(0, KILL_AT - 1).every((t) => t === NEW)).toBe(true);
    // Only our own hidden temporary file (the 11th, written but not renamed) is left beside them.
    const stray = readdirSync(dir).filter((n) => !names.includes(n) && n !== path.basename(preload));
    expect(stray).toHaveLength(1);
    expect(stray[0]).toMatch(/^\.f0010\.c\..*\.dma-migrate\.tmp$/);
  }, 60_000);
});

const KILL_AT = 11;
