import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { createTwoFilesPatch } from 'diff';
import { describe, expect, it } from 'vitest';
import { changesFromGit, changesFromPatch } from '../../src/validate/compile/change-set.js';
import { objectsForChange } from '../../src/validate/compile/objects-for-change.js';
import { addsNewApi } from '../../src/validate/compile/validate-compile.js';
import { tempTree } from '../harness/temp-tree.js';

const tree = (files: Record<string, string>): string => tempTree('dmv-cs-', files);

describe('changesFromPatch', () => {
  it('applies a git-style patch in memory, keeping the tree as it is', () => {
    const root = tree({ 'drivers/x/a.c': 'int a;\nint b;\n' });
    const patch = createTwoFilesPatch('a/drivers/x/a.c', 'b/drivers/x/a.c', 'int a;\nint b;\n', 'int a;\nint c;\n');
    expect(changesFromPatch(root, patch)).toEqual([{ path: 'drivers/x/a.c', before: 'int a;\nint b;\n', after: 'int a;\nint c;\n' }]);
  });

  it('takes new files (from /dev/null)', () => {
    const root = tree({});
    const patch = createTwoFilesPatch('/dev/null', 'b/drivers/new.c', '', 'int n;\n');
    expect(changesFromPatch(root, patch)).toEqual([{ path: 'drivers/new.c', before: undefined, after: 'int n;\n' }]);
  });

  it('refuses a patch made against other content', () => {
    const root = tree({ 'drivers/x/a.c': 'something else\n' });
    const patch = createTwoFilesPatch('a/drivers/x/a.c', 'b/drivers/x/a.c', 'int a;\n', 'int b;\n');
    expect(() => changesFromPatch(root, patch)).toThrow(/does not apply to drivers\/x\/a\.c/);
  });
});

describe('objectsForChange', () => {
  const root = tree({
    'drivers/x/a.c': '#include "local.h"\n',
    'drivers/x/b.c': '#include <linux/kernel.h>\n',
    'drivers/x/c.c': '# include "sub/local.h"\n',
    'drivers/x/local.h': '',
  });
  it('builds a C file\'s own object', () => {
    expect(objectsForChange(root, { path: 'drivers/x/b.c', before: '', after: 'x' }).objects).toEqual([{ object: 'drivers/x/b.o', source: 'drivers/x/b.c' }]);
  });
  it('builds the files beside a local header that include it', () => {
    expect(objectsForChange(root, { path: 'drivers/x/local.h', before: '', after: 'x' }).objects.map((o) => o.object)).toEqual(['drivers/x/a.o', 'drivers/x/c.o']);
  });
  it('says why it builds nothing for shared headers, deletions and other files', () => {
    expect(objectsForChange(root, { path: 'include/linux/dma-mapping.h', before: '', after: 'x' }).skipReason).toMatch(/shared header/);
    expect(objectsForChange(root, { path: 'drivers/x/b.c', before: 'x', after: undefined }).skipReason).toMatch(/deleted/);
    expect(objectsForChange(root, { path: 'drivers/x/Makefile', before: '', after: 'x' }).skipReason).toMatch(/not a C source/);
  });
});

describe('addsNewApi', () => {
  it('is true only when the change adds uses of the phys API', () => {
    expect(addsNewApi({ path: 'a.c', before: 'dma_map_page(d, p, 0, 8, r);', after: 'dma_map_phys(d, page_to_phys(p), 8, r, 0);' })).toBe(true);
    expect(addsNewApi({ path: 'a.c', before: 'x = phys_to_page(p); kmap_atomic(x);', after: 'x = phys_to_page(p); kmap_local_page(x);' })).toBe(false);
  });
});

describe('changesFromGit', () => {
  it('takes committed and uncommitted changes against a revision, new and deleted files included', async () => {
    const root = tree({ 'drivers/a.c': 'int a;\n', 'drivers/gone.c': 'int g;\n' });
    const git = (...args: string[]) => execFileSync('git', ['-C', root, '-c', 'user.email=t@t', '-c', 'user.name=t', ...args], { stdio: 'pipe' });
    git('init', '-q');
    git('add', '.');
    git('commit', '-qm', 'base');
    writeFileSync(path.join(root, 'drivers/a.c'), 'int b;\n');
    writeFileSync(path.join(root, 'drivers/new.c'), 'int n;\n');
    git('add', 'drivers/new.c');
    git('rm', '-q', 'drivers/gone.c');
    const changes = changesFromGit(root, 'HEAD', process.env);
    expect(changes.sort((x, y) => x.path.localeCompare(y.path))).toEqual([
      { path: 'drivers/a.c', before: 'int a;\n', after: 'int b;\n' },
      { path: 'drivers/gone.c', before: 'int g;\n', after: undefined },
      { path: 'drivers/new.c', before: undefined, after: 'int n;\n' },
    ]);
  });

  it('names files relative to the tree when the tree is a directory inside a larger repository', () => {
    const root = tree({ 'linux/drivers/a.c': 'int a;\n', 'other/b.c': 'int b;\n' });
    const git = (...args: string[]) => execFileSync('git', ['-C', root, '-c', 'user.email=t@t', '-c', 'user.name=t', ...args], { stdio: 'pipe' });
    git('init', '-q');
    git('add', '.');
    git('commit', '-qm', 'base');
    writeFileSync(path.join(root, 'linux/drivers/a.c'), 'int c;\n');
    writeFileSync(path.join(root, 'other/b.c'), 'int d;\n');
    expect(changesFromGit(path.join(root, 'linux'), 'HEAD', process.env)).toEqual([{ path: 'drivers/a.c', before: 'int a;\n', after: 'int c;\n' }]);
  });
});
