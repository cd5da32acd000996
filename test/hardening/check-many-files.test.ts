/**
 * `check` on a change of many files: the event loop turns between files (native
 * syntax trees are freed only then, so a synchronous loop over 170 files held
 * every file's trees: 3.9 GB), and the findings are those of each file checked
 * on its own, in path order, whether the files are judged on this thread or
 * in worker threads.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkChange, type CheckFinding } from '../../src/deliver/check/check-changes.js';
import { kmapFunction } from '../bench/kmap-file.js';
import { REPO_ROOT } from '../harness/corpus.js';
import { tempTree } from '../harness/temp-tree.js';
import { HEADERS, MAKEFILE } from '../submission/kernel-like-tree.js';

/** A diff adding `name` with `n` kmap functions (or plain code when n is 0). */
function newFile(name: string, n: number): string {
  let body = '#include <linux/highmem.h>\n';
  for (let i = 0; i < n; i++) body += kmapFunction(i);
  if (n === 0) body += 'static int plain(void)\n{\n\treturn 0;\n}\n';
  const lines = body.split('\n').slice(0, -1);
  return `diff --git a/${name} b/${name}\nnew file mode 100644\nindex 0000000..1111111\n--- /dev/null\n+++ b/${name}\n@@ -0,0 +1,${lines.length} @@\n${lines.map((l) => `+${l}`).join('\n')}\n`;
}

const FILES: Array<[string, number]> = [
  ['drivers/many/e.c', 3],
  ['drivers/many/a.c', 5],
  ['drivers/many/plain.c', 0],
  ['drivers/many/c.c', 1],
  ['drivers/many/b.c', 4],
  ['drivers/many/d.c', 2],
];

describe('check on a many-file change', () => {
  const root = tempTree('dma-migrate-check-many-', { Makefile: MAKEFILE, ...HEADERS });
  const check = (text: string) => checkChange({ source: { kind: 'diff', text }, cwd: root, env: process.env });

  it('finds in one run what each file gives alone, sorted by path and line', async () => {
    const all = await check(FILES.map(([name, n]) => newFile(name, n)).join(''));
    const alone: CheckFinding[] = [];
    for (const [name, n] of [...FILES].sort((x, y) => (x[0] < y[0] ? -1 : 1))) alone.push(...(await check(newFile(name, n))).findings);
    expect(all.filesChecked).toBe(FILES.length);
    expect(all.findings.length).toBe(2 * 15);
    expect(all.findings).toEqual(alone);
    expect(all.findings.map((f) => f.path)).toEqual([...all.findings.map((f) => f.path)].sort());
  });

  it('gives the same result with worker threads (-j 2) as on one thread (-j 1)', async () => {
    const text = FILES.map(([name, n]) => newFile(name, n)).join('');
    const one = await checkChange({ source: { kind: 'diff', text }, cwd: root, env: process.env, jobs: 1 });
    const two = await checkChange({ source: { kind: 'diff', text }, cwd: root, env: process.env, jobs: 2 });
    expect(one.findings.length).toBe(2 * 15);
    expect(two).toEqual(one);
  });

  it('lets the event loop turn between files (so each file\'s native trees can be freed)', async () => {
    let turns = 0;
    let running = true;
    const tick = (): void => {
      turns++;
      if (running) setImmediate(tick);
    };
    setImmediate(tick);
    const pending = check(FILES.map(([name, n]) => newFile(name, n)).join(''));
    const result = await pending;
    running = false;
    expect(result.filesChecked).toBe(FILES.length);
    // One turn at least between each pair of files.
    expect(turns).toBeGreaterThanOrEqual(FILES.length - 1);
  });

  it('says nothing of new files the diff carries whole, and names files it had to judge from their hunks once', async () => {
    const added = await check(FILES.map(([name, n]) => newFile(name, n)).join(''));
    expect(added.notes).toEqual([]);
    // Modified files the work tree does not hold: the diff's hunks are all there is.
    const modified = FILES.map(([name, n]) => newFile(name, n).replace('new file mode 100644\n', '').replace('--- /dev/null', `--- a/${name}`).replace('@@ -0,0 +1,', '@@ -10,0 +11,')).join('');
    const partial = await check(modified);
    expect(partial.notes).toEqual(['drivers/many/e.c, drivers/many/a.c, drivers/many/plain.c and 3 more: neither a blob nor the work tree matches the diff; only the diff\'s own lines were checked']);
  });

  describe('--max-findings', () => {
    const text = FILES.map(([name, n]) => newFile(name, n)).join('');

    it('stops after the file (in the change\'s order) whose failing findings reach the limit, the same on one thread and in workers', async () => {
      // e.c gives 6 findings, a.c 10: the limit of 8 is reached in a.c; plain.c names no API (judged without the
      // engine); c.c, b.c and d.c are not judged.
      const one = await checkChange({ source: { kind: 'diff', text }, cwd: root, env: process.env, jobs: 1, maxFindings: 8 });
      const two = await checkChange({ source: { kind: 'diff', text }, cwd: root, env: process.env, jobs: 2, maxFindings: 8 });
      expect(one.stopped).toEqual({ limit: 8, filesNotJudged: 3 });
      expect(new Set(one.findings.map((f) => f.path))).toEqual(new Set(['drivers/many/a.c', 'drivers/many/e.c']));
      expect(one.findings.length).toBe(16);
      expect(one.notes.some((n) => n.includes('3 more changed files') && n.includes('--max-findings 0'))).toBe(true);
      expect(two).toEqual(one);
    });

    it('judges every file with 0, or when the limit is not reached', async () => {
      const all = await checkChange({ source: { kind: 'diff', text }, cwd: root, env: process.env, jobs: 1, maxFindings: 0 });
      const high = await checkChange({ source: { kind: 'diff', text }, cwd: root, env: process.env, jobs: 1, maxFindings: 30 });
      expect(all.findings.length).toBe(30);
      expect(all.stopped).toBeUndefined();
      // Reached with the last file: nothing is left unjudged, so nothing is said.
      expect(high.stopped).toBeUndefined();
      expect(high).toEqual(all);
    });

    it('says so on the command line: exit 1, a note, the JSON summary; a bad value is a usage error', () => {
      const run = (args: string[]) => spawnSync(process.execPath, [path.join(REPO_ROOT, 'bin', 'dma-migrate.js'), 'check', '--stdin-diff', '-C', root, '--no-cache', ...args], { input: text, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
      const textRun = run(['--max-findings', '8']);
      expect(textRun.status).toBe(1);
      expect(textRun.stdout).toMatch(/note: stopped at 16 failing findings \(--max-findings 8\): 3 more changed files/);
      expect(textRun.stdout).toMatch(/in 6 changed C files \(3 not judged: --max-findings 8\)/);
      const json = run(['--max-findings', '8', '--format', 'json']);
      expect(JSON.parse(json.stdout).summary).toMatchObject({ findings: 16, failing: 16, filesNotJudged: 3 });
      const bad = run(['--max-findings', '-1']);
      expect(bad.status).toBe(2);
      expect(bad.stderr).toMatch(/--max-findings expects a whole number/);
    });
  });
});
