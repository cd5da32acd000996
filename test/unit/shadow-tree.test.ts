import { lstatSync, mkdirSync, mkdtempSync, readFileSync, readlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ShadowTree } from '../../src/validate/kbuild/shadow-tree.js';

function source(): string {
  const root = mkdtempSync(path.join(tmpdir(), 'dmv-src-'));
  for (const [rel, text] of Object.entries({ Makefile: 'VERSION = 6\n', 'drivers/a/x.c': 'x\n', 'drivers/a/y.c': 'y\n', 'drivers/b/z.c': 'z\n', 'include/linux/h.h': 'h\n' })) {
    mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    writeFileSync(path.join(root, rel), text);
  }
  return root;
}

describe('ShadowTree', () => {
  it('overrides one file without touching the source, keeping its siblings as links', () => {
    const src = source();
    const sh = new ShadowTree(path.join(mkdtempSync(path.join(tmpdir(), 'dmv-sh-')), 'shadow'), src);
    sh.setFile('drivers/a/x.c', 'changed\n');
    expect(readFileSync(sh.pathOf('drivers/a/x.c'), 'utf8')).toBe('changed\n');
    expect(readFileSync(path.join(src, 'drivers/a/x.c'), 'utf8')).toBe('x\n');
    expect(readlinkSync(sh.pathOf('drivers/a/y.c'))).toBe(path.join(src, 'drivers/a/y.c'));
    expect(lstatSync(sh.pathOf('drivers/b')).isSymbolicLink()).toBe(true);
    expect(lstatSync(sh.pathOf('drivers')).isDirectory()).toBe(true);
    expect(readFileSync(sh.pathOf('include/linux/h.h'), 'utf8')).toBe('h\n');
  });

  it('applyOverrides turns files overridden before back into links', () => {
    const src = source();
    const sh = new ShadowTree(path.join(mkdtempSync(path.join(tmpdir(), 'dmv-sh-')), 'shadow'), src);
    sh.applyOverrides(new Map([['drivers/a/x.c', 'one\n'], ['include/linux/h.h', 'overlay\n']]));
    sh.applyOverrides(new Map([['include/linux/h.h', 'overlay\n']]));
    expect(readlinkSync(sh.pathOf('drivers/a/x.c'))).toBe(path.join(src, 'drivers/a/x.c'));
    expect(readFileSync(sh.pathOf('include/linux/h.h'), 'utf8')).toBe('overlay\n');
    expect(sh.overrides()).toEqual(['include/linux/h.h']);
    expect(readFileSync(path.join(src, 'include/linux/h.h'), 'utf8')).toBe('h\n');
  });

  it('keeps the mtime when the content is unchanged, so make does not rebuild', () => {
    const src = source();
    const sh = new ShadowTree(path.join(mkdtempSync(path.join(tmpdir(), 'dmv-sh-')), 'shadow'), src);
    sh.setFile('drivers/a/x.c', 'same\n');
    const first = lstatSync(sh.pathOf('drivers/a/x.c')).ino;
    sh.setFile('drivers/a/x.c', 'same\n');
    expect(lstatSync(sh.pathOf('drivers/a/x.c')).ino).toBe(first);
  });

  it('refuses paths that leave the tree', () => {
    const sh = new ShadowTree(path.join(mkdtempSync(path.join(tmpdir(), 'dmv-sh-')), 'shadow'), source());
    expect(() => sh.setFile('../escape.c', 'x')).toThrow(/not a path inside the tree/);
  });
});
