import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { LicenseResolver, licenseInText, parseCompositeObjects } from '../../src/engine/discover/module-license.js';

describe('module licence', () => {
  it('reads MODULE_LICENSE strings and judges GPL compatibility exactly as license.h does', () => {
    expect(licenseInText('MODULE_LICENSE("GPL v2");')).toEqual({ kind: 'gpl', license: 'GPL v2' });
    expect(licenseInText('MODULE_LICENSE("Dual MIT/GPL");')).toEqual({ kind: 'gpl', license: 'Dual MIT/GPL' });
    expect(licenseInText('MODULE_LICENSE("Dual BSD" "/GPL");')).toEqual({ kind: 'gpl', license: 'Dual BSD/GPL' });
    expect(licenseInText('MODULE_LICENSE("BSD");')).toEqual({ kind: 'non-gpl', license: 'BSD' });
    expect(licenseInText('MODULE_LICENSE("GPLv2");')).toEqual({ kind: 'non-gpl', license: 'GPLv2' });
    expect(licenseInText('MODULE_LICENSE(DRV_LICENSE);')).toEqual({ kind: 'unknown', license: 'DRV_LICENSE' });
    expect(licenseInText('/* no licence */')).toBeUndefined();
  });
  it('parses composite objects with continuations and config suffixes', () => {
    const m = parseCompositeObjects('obj-$(CONFIG_FOO) += foo.o\nfoo-y := a.o \\\n\tb.o\nfoo-$(CONFIG_FOO_X) += sub/c.o\nbar-objs = d.o\n');
    expect(m.get('foo')).toEqual(['a.o', 'b.o', 'sub/c.o']);
    expect(m.get('bar')).toEqual(['d.o']);
    expect(m.has('obj')).toBe(false);
  });
  it('finds the licence of a file through the module it is linked into, also from a subdirectory', () => {
    const root = mkdtempSync(path.join(tmpdir(), 'dma-migrate-lic-'));
    mkdirSync(path.join(root, 'sub'));
    writeFileSync(path.join(root, 'Makefile'), 'obj-m += foo.o\nfoo-y := main.o sub/c.o\n');
    writeFileSync(path.join(root, 'main.c'), 'MODULE_LICENSE("Proprietary");\n');
    writeFileSync(path.join(root, 'sub', 'c.c'), 'int x;\n');
    writeFileSync(path.join(root, 'lone.c'), 'int y;\n');
    const r = new LicenseResolver(root);
    expect(r.resolve(path.join(root, 'sub', 'c.c'), 'int x;\n')).toEqual({ kind: 'non-gpl', license: 'Proprietary', where: 'main.c' });
    expect(r.resolve(path.join(root, 'lone.c'), 'int y;\n')).toEqual({ kind: 'none' });
  });
});
