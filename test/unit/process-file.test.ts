import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { allFeatures } from '../../src/core/target.js';
import { LicenseResolver } from '../../src/engine/discover/module-license.js';
import { loadRules } from '../../src/engine/match/index.js';
import { createCParser } from '../../src/engine/parse/index.js';
import { processFile, type ProcessContext } from '../../src/engine/pipeline/index.js';
import { KeywordScanner } from '../../src/engine/prefilter/index.js';
import { RULES } from '../../src/rules/index.js';

const dir = mkdtempSync(path.join(tmpdir(), 'dma-migrate-pf-'));
const parser = createCParser();
const ctx: ProcessContext = {
  parser,
  rules: loadRules(RULES, parser),
  scanner: new KeywordScanner(RULES.flatMap((r) => r.meta.apis)),
  target: { source: 'default', features: allFeatures(true) },
  licenses: new LicenseResolver(dir),
};
const SRC = 'void f(struct page *p)\n{\n\tvoid *v = kmap_atomic(p);\n\n\tclear(v);\n\tkunmap_atomic(v);\n}\n';

function run(name: string, content: Buffer | string) {
  const abs = path.join(dir, name);
  writeFileSync(abs, content);
  return processFile({ absPath: abs, path: name }, ctx);
}

describe('processFile', () => {
  it('rewrites a Latin-1 file byte for byte, with an info diagnostic', () => {
    const bytes = Buffer.concat([Buffer.from('/* Gr\xfc\xdfe */\n', 'latin1'), Buffer.from(SRC)]);
    const o = run('latin1.c', bytes);
    expect(o.encoding).toBe('latin1');
    expect(o.diagnostics.map((d) => d.code)).toEqual(['not-utf8']);
    expect(Buffer.from(o.output!, 'latin1').subarray(0, 10)).toEqual(bytes.subarray(0, 10));
    expect(o.output).toContain('kmap_local_page(p)');
  });
  it('keeps UTF-8 text and reports columns in characters of the line', () => {
    const o = run('utf8.c', '/* Grüße € */\n' + SRC);
    expect(o.encoding).toBe('utf8');
    expect(o.findings[0]).toMatchObject({ line: 4, column: 12, api: 'kmap_atomic' });
  });
  it('reports binary files and unreadable files and goes on', () => {
    expect(run('bin.c', Buffer.from([0x78, 0x6d, 0x61, 0x70, 0x00, 0x01])).diagnostics.map((d) => d.code)).toEqual([]); // no keyword: prefiltered out
    expect(run('bin2.c', Buffer.concat([Buffer.from('kmap_atomic'), Buffer.from([0, 1, 2])])).diagnostics.map((d) => d.code)).toEqual(['binary']);
    const gone = processFile({ absPath: path.join(dir, 'missing.c'), path: 'missing.c' }, ctx);
    expect(gone.diagnostics.map((d) => d.code)).toEqual(['unreadable']);
  });
  it('parses every file when the prefilter is off, with the same result', () => {
    const a = run('same.c', SRC);
    const b = processFile({ absPath: path.join(dir, 'same.c'), path: 'same.c' }, { ...ctx, noPrefilter: true });
    expect(b.output).toBe(a.output);
    expect(b.findings).toEqual(a.findings);
  });
  it('skips the files that implement the APIs themselves', () => {
    const abs = path.join(dir, 'highmem.h');
    writeFileSync(abs, SRC);
    const o = processFile({ absPath: abs, path: 'include/linux/highmem.h', treePath: 'include/linux/highmem.h' }, ctx);
    expect(o.output).toBeUndefined();
    expect(o.findings.map((f) => `${f.status}:${f.reason}`)).toEqual(['skip:api-implementation', 'skip:api-implementation']);
  });
});
