/**
 * Nesting depth is input: 2,000 nested braces, 5,000 nested parentheses or
 * a 2,000-long `else if` chain must not overflow the stack. The deep
 * function's sites are `review`/`too-deep`, the file's other functions are
 * converted as usual, and the output is the same with -j 1 and -j 2 (workers
 * have their own stack size). `validate` reports the function not judged.
 */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../harness/corpus.js';
import { tempTree } from '../harness/temp-tree.js';

const BIN = path.join(REPO_ROOT, 'bin', 'dma-migrate.js');

function mapped(name: string, body = ''): string {
  return `static void ${name}(struct page *p, void *d)\n{\n\tvoid *v = kmap_atomic(p);\n${body}\n\tmemcpy(d, v, 8);\n\tkunmap_atomic(v);\n}\n\n`;
}

const DEEP: Record<string, string> = {
  braces: `\t${'{'.repeat(2000)}x();${'}'.repeat(2000)}`,
  parens: `\tx = ${'('.repeat(5000)}1${')'.repeat(5000)};`,
  'else-if': `\tif (a == 0)\n\t\tx();\n${Array.from({ length: 2000 }, (_, i) => `\telse if (a == ${i + 1})\n\t\tx();\n`).join('')}`,
};

function cli(cwd: string, args: readonly string[]) {
  return spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' }, timeout: 120_000, maxBuffer: 64 * 1024 * 1024 });
}

describe('deeply nested input', () => {
  for (const [kind, body] of Object.entries(DEEP)) {
    it(`${kind}: the deep function is too-deep, the others convert, -j 1 and -j 2 agree`, () => {
      const root = tempTree('dma-migrate-deep-', { 'deep.c': mapped('before') + mapped('deep', body) + mapped('after') });
      const one = cli(root, ['rewrite', '--json', '-j', '1', 'deep.c']);
      const two = cli(root, ['rewrite', '--json', '-j', '2', 'deep.c']);
      expect(one.status, one.stderr).toBe(1);
      expect(two.stdout).toBe(one.stdout);
      const report = JSON.parse(one.stdout);
      expect(report.diagnostics).toEqual([]);
      const byFunction = (line: number) => (line < 9 ? 'before' : report.findings.at(-1).line - line < 8 ? 'after' : 'deep');
      const got = report.findings.map((f: { line: number; status: string; reason: string }) => `${byFunction(f.line)} ${f.status} ${f.reason}`);
      expect(got).toEqual(['before convert memcpy-from-page', 'before convert memcpy-from-page', 'deep review too-deep', 'deep review too-deep', 'after convert memcpy-from-page', 'after convert memcpy-from-page']);
      expect(report.diff).toMatch(/memcpy_from_page/);
    });
  }

  it('validate judges the shallow functions and reports the deep one not judged (too-deep)', () => {
    const root = tempTree('dma-migrate-deep-', {});
    const old = mapped('before') + mapped('deep', DEEP.parens) + mapped('after');
    writeFileSync(path.join(root, 'old.c'), old);
    writeFileSync(path.join(root, 'new.c'), old.replaceAll('kmap_atomic(p)', 'kmap_local_page(p)').replaceAll('kunmap_atomic(v)', 'kunmap_local(v)'));
    const r = cli(root, ['validate', 'old.c', 'new.c']);
    expect(r.status, r.stderr).toBe(1);
    expect(r.stdout).toMatch(/before\(\): accepted/);
    expect(r.stdout).toMatch(/deep\(\): not judged: too-deep/);
    expect(r.stdout).toMatch(/after\(\): accepted/);
  });
});
