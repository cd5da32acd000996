import { mkdtempSync, writeFileSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ensureHostPackages } from '../../src/validate/kbuild/host-packages.js';

describe('ensureHostPackages', () => {
  it('finds commands on $PATH and, without --install, only reports the missing ones', async () => {
    const bin = mkdtempSync(path.join(tmpdir(), 'dmv-bin-'));
    writeFileSync(path.join(bin, 'make'), '#!/bin/sh\n');
    chmodSync(path.join(bin, 'make'), 0o755);
    const r = await ensureHostPackages(
      [
        { probe: 'make', debianPackage: 'make' },
        { probe: 'qemu-system-i386', debianPackage: 'qemu-system-x86' },
        { probe: path.join(bin, 'no-such-header.h'), debianPackage: 'libfoo-dev' },
      ],
      { env: { PATH: bin }, install: false },
    );
    expect(r.missing.map((m) => m.debianPackage)).toEqual(['qemu-system-x86', 'libfoo-dev']);
    expect(r.installed).toEqual([]);
  });
});
