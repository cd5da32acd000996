import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { subsystemStatus } from '../../src/engine/discover/maintainers/subsystem-status.js';
import { parseKernelVersion } from '../../src/core/target.js';
import { runMigration } from '../../src/engine/pipeline/index.js';

const MAINTAINERS = `OLD FILE SYSTEM
L:	old@vger.kernel.org
S:	Obsolete
F:	fs/oldfs/

FILESYSTEMS (VFS and infrastructure)
M:	Someone <someone@kernel.org>
S:	Maintained
F:	fs/*

ORPHAN DRIVER
S:	Orphan
F:	drivers/orph/

ORPHAN DRIVER CORE
M:	Keeper <keeper@kernel.org>
S:	Maintained
F:	drivers/orph/core/
`;

const KMAP = `// SPDX-License-Identifier: GPL-2.0
void zero(struct page *page)
{
	char *p = kmap_atomic(page);

	p[0] = 0;
	kunmap_atomic(p);
}
`;

describe('subsystem status from MAINTAINERS', () => {
  const root = mkdtempSync(path.join(tmpdir(), 'dma-migrate-status-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  writeFileSync(path.join(root, 'Makefile'), 'VERSION = 6\nPATCHLEVEL = 12\nSUBLEVEL = 0\n');
  writeFileSync(path.join(root, 'MAINTAINERS'), MAINTAINERS);
  for (const dir of ['fs/oldfs', 'fs/newfs', 'drivers/orph/core']) mkdirSync(path.join(root, dir), { recursive: true });
  for (const f of ['fs/oldfs/a.c', 'fs/newfs/a.c', 'drivers/orph/b.c', 'drivers/orph/core/c.c']) writeFileSync(path.join(root, f), KMAP);

  it('the most specific sections decide', () => {
    expect(subsystemStatus(root, 'fs/oldfs/a.c')).toEqual({ status: 'obsolete', section: 'OLD FILE SYSTEM' });
    expect(subsystemStatus(root, 'fs/newfs/a.c')).toBeUndefined();
    expect(subsystemStatus(root, 'drivers/orph/b.c')).toEqual({ status: 'orphan', section: 'ORPHAN DRIVER' });
    expect(subsystemStatus(root, 'drivers/orph/core/c.c')).toBeUndefined();
  });

  it('skips obsolete subsystems and converts orphaned code, saying it has no maintainer', async () => {
    const result = await runMigration({ paths: [root], mode: 'rewrite', rules: ['kmap-atomic-to-local'], jobs: 1, targetVersion: parseKernelVersion('6.19') });
    const byFile = (p: string) => result.files.find((f) => f.path === p)!;
    expect(byFile('fs/oldfs/a.c').findings.map((f) => [f.status, f.reason])).toEqual([
      ['skip', 'obsolete-subsystem'],
      ['skip', 'obsolete-subsystem'],
    ]);
    expect(byFile('fs/oldfs/a.c').output).toBeUndefined();
    expect(byFile('fs/newfs/a.c').findings.every((f) => f.status === 'convert')).toBe(true);
    const orphan = byFile('drivers/orph/b.c');
    expect(orphan.findings.every((f) => f.status === 'convert')).toBe(true);
    expect(orphan.diagnostics.map((d) => d.code)).toEqual(['no-maintainer']);
    expect(byFile('drivers/orph/core/c.c').diagnostics).toEqual([]);
  });
});
