/**
 * `rewrite --write` keeps what the file was: its UTF-8 BOM, mode (whatever
 * the umask), owner and group; it refuses to split hard links; it removes the
 * temporary files a killed earlier run left; text mode names each file it
 * could not write, and the summary counts only what was written.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, linkSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { quotePath, unifiedDiff } from '../../src/deliver/output/diff.js';
import { REPO_ROOT } from '../harness/corpus.js';
import { tempTree } from '../harness/temp-tree.js';
import { kmapDriver } from '../submission/kernel-like-tree.js';

const BIN = path.join(REPO_ROOT, 'bin', 'dma-migrate.js');
const isRoot = process.getuid?.() === 0;

function write(root: string, ...files: string[]) {
  return spawnSync('sh', ['-c', `umask 022; exec "$0" "$@"`, process.execPath, BIN, 'rewrite', '--write', ...files], { cwd: root, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' }, timeout: 60_000 });
}

describe('rewrite --write keeps the file as it was', () => {
  it('a file with a UTF-8 BOM is written, BOM kept', () => {
    const root = tempTree('dma-migrate-write-', {});
    writeFileSync(path.join(root, 'bom.c'), Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(kmapDriver('bom'))]));
    const r = write(root, 'bom.c');
    expect(r.status, r.stderr).toBe(0);
    const bytes = readFileSync(path.join(root, 'bom.c'));
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(bytes.toString('utf8')).toMatch(/memcpy_from_page|kmap_local_page/);
  });

  it('mode 664 and 666 stay, whatever the umask', () => {
    const root = tempTree('dma-migrate-write-', { 'a.c': kmapDriver('a'), 'b.c': kmapDriver('b') });
    chmodSync(path.join(root, 'a.c'), 0o664);
    chmodSync(path.join(root, 'b.c'), 0o666);
    expect(write(root, 'a.c', 'b.c').status).toBe(0);
    expect(statSync(path.join(root, 'a.c')).mode & 0o777).toBe(0o664);
    expect(statSync(path.join(root, 'b.c')).mode & 0o777).toBe(0o666);
  });

  it.skipIf(!isRoot)('a file owned by another user keeps its owner and group when root rewrites it', () => {
    const root = tempTree('dma-migrate-write-', { 'u.c': kmapDriver('u') });
    chownSync(path.join(root, 'u.c'), 4242, 4343);
    expect(write(root, 'u.c').status).toBe(0);
    const st = statSync(path.join(root, 'u.c'));
    expect([st.uid, st.gid]).toEqual([4242, 4343]);
    expect(readFileSync(path.join(root, 'u.c'), 'utf8')).toMatch(/memcpy_from_page|kmap_local_page/);
  });

  it('a file with two hard links is refused, named on stderr, and not counted as rewritten', () => {
    const root = tempTree('dma-migrate-write-', { 'h.c': kmapDriver('h'), 'ok.c': kmapDriver('ok') });
    linkSync(path.join(root, 'h.c'), path.join(root, 'h2.c.orig'));
    const before = readFileSync(path.join(root, 'h.c'), 'utf8');
    const r = write(root, 'h.c', 'ok.c');
    expect(r.status).toBe(4);
    expect(r.stderr).toMatch(/h\.c: error write-failed: has 2 hard links/);
    expect(r.stderr).toMatch(/1 rewritten/);
    expect(readFileSync(path.join(root, 'h.c'), 'utf8')).toBe(before);
    expect(statSync(path.join(root, 'h.c')).nlink).toBe(2);
  });

  it('removes a temporary file a killed earlier run left beside the file', () => {
    const root = tempTree('dma-migrate-write-', { 's.c': kmapDriver('s') });
    const stale = path.join(root, '.s.c.999999999.dma-migrate.tmp');
    writeFileSync(stale, 'half a file');
    const r = write(root, 's.c');
    expect(r.status, r.stderr).toBe(0);
    expect(existsSync(stale)).toBe(false);
  });
});

describe('diff paths', () => {
  it('are quoted the way git quotes them (TAB, newline, quote, backslash, non-ASCII)', () => {
    expect(quotePath('a/plain.c')).toBe('a/plain.c');
    expect(quotePath('a/tab\there.c')).toBe('"a/tab\\there.c"');
    expect(quotePath('a/new\nline.c')).toBe('"a/new\\nline.c"');
    expect(quotePath('a/q"b\\c.c')).toBe('"a/q\\"b\\\\c.c"');
    expect(quotePath('a/café.c')).toBe('"a/caf\\303\\251.c"');
    const d = unifiedDiff({ path: 'x\ty.c', original: 'a\n', output: 'b\n', encoding: 'utf8' });
    expect(d.split('\n').slice(0, 3)).toEqual(['diff --git "a/x\\ty.c" "b/x\\ty.c"', '--- "a/x\\ty.c"', '+++ "b/x\\ty.c"']);
  });
});
