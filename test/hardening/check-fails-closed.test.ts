/**
 * `check` is a gate: input it cannot read is a usage error (exit 2), a file
 * it could not judge is an error (exit 70 for an internal error, 4 for I/O),
 * each with one line; never "0 findings" and exit 0.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkChange, failClosed } from '../../src/deliver/check/check-changes.js';
import { RULES } from '../../src/rules/index.js';
import { REPO_ROOT } from '../harness/corpus.js';
import { tempTree } from '../harness/temp-tree.js';
import { HEADERS, MAKEFILE, kmapDriver } from '../submission/kernel-like-tree.js';

const BIN = path.join(REPO_ROOT, 'bin', 'dma-migrate.js');

function check(input: Buffer | string, cwd: string) {
  return spawnSync(process.execPath, [BIN, 'check', '--stdin-diff'], { cwd, input, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' }, timeout: 60_000 });
}

const GOOD = `diff --git a/drivers/acme/acme.c b/drivers/acme/acme.c
--- a/drivers/acme/acme.c
+++ b/drivers/acme/acme.c
@@ -6,0 +7 @@
+\tchar *x = kmap_atomic(page);
`;

describe('check fails closed', () => {
  const root = tempTree('dma-migrate-check-', { Makefile: MAKEFILE, ...HEADERS, 'drivers/acme/acme.c': kmapDriver('acme') });

  it('garbage on stdin: exit 2, one line', () => {
    const r = check('this is not a diff\nat all\n', root);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/no unified diff/);
    expect(r.stdout).not.toMatch(/0 findings/);
  });

  it('a UTF-16 diff: exit 2', () => {
    const r = check(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(GOOD, 'utf16le')]), root);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/not a text diff/);
  });

  it('hunks without ---/+++ lines: exit 2', () => {
    const r = check(GOOD.split('\n').filter((l) => !l.startsWith('---') && !l.startsWith('+++')).join('\n'), root);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/no ---\/\+\+\+ file header/);
  });

  it('an empty diff is an empty change (exit 0), a real one is judged', () => {
    expect(check('', root).status).toBe(0);
    expect(check(GOOD, root).status).toBe(1);
  });

  it('an internal error while judging a file: exit 70 with one line, not 0 findings', async () => {
    const throwing = RULES.map((r) => (r.meta.id === 'kmap-atomic-to-local' ? { ...r, check: () => { throw new RangeError('Maximum call stack size exceeded'); } } : r));
    const result = await checkChange({ source: { kind: 'diff', text: GOOD }, cwd: root, env: process.env, ruleSet: throwing });
    const failed = failClosed(result);
    expect(failed?.code).toBe(70);
    expect(failed?.message).toMatch(/acme\.c: rule-failed: .*RangeError/);
    expect(failed?.message).not.toMatch(/\n/);
  });
});
