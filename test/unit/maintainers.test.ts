import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseGetMaintainerOutput } from '../../src/deliver/maintainers/get-maintainer-script.js';
import { MaintainersIndex } from '../../src/engine/discover/maintainers/match-maintainers.js';
import { parseMaintainers } from '../../src/engine/discover/maintainers/parse-maintainers.js';
import { MAINTAINERS } from '../submission/kernel-like-tree.js';

function index(text = MAINTAINERS): MaintainersIndex {
  const root = mkdtempSync(path.join(tmpdir(), 'dma-migrate-maint-'));
  mkdirSync(path.join(root, 'drivers/net/ethernet/acme'), { recursive: true });
  return new MaintainersIndex(parseMaintainers(text), root);
}

describe('MAINTAINERS', () => {
  it('parses sections, skipping the preamble, and strips list annotations', () => {
    const sections = parseMaintainers(MAINTAINERS);
    expect(sections.map((s) => s.name)).toEqual(['ACME ETHERNET DRIVER', 'BLKFS', 'BOLT ETHERNET DRIVER', 'NETWORKING DRIVERS', 'TUNLIKE DRIVER', 'VETHLIKE DRIVER', 'THE REST']);
    expect(sections[0]!.lists).toEqual(['acme-dev@lists.example']);
    expect(sections[3]!.excludes).toEqual(['drivers/net/wireless/']);
  });

  it('matches as get_maintainer.pl does: directories recursively, file globs at their depth, X: excludes, N: regexes', () => {
    const idx = index(`${MAINTAINERS}
GLOBBED
M:\tGil Glob <gil@glob.example>
F:\tdrivers/net/glob*.c

NAMED
M:\tNia Name <nia@name.example>
N:\t[^a-z]acme
`);
    const names = (f: string) => idx.sectionsFor(f).map((m) => `${m.section.name}:${m.depth}`);
    expect(names('drivers/net/ethernet/acme/acme_main.c')).toEqual(['ACME ETHERNET DRIVER:4', 'NETWORKING DRIVERS:2', 'NAMED:0', 'THE REST:-1']);
    expect(names('drivers/net/globby.c')).toEqual(['GLOBBED:3', 'NETWORKING DRIVERS:2', 'THE REST:-1']);
    expect(names('drivers/net/sub/globby.c')).toEqual(['NETWORKING DRIVERS:2', 'THE REST:-1']);
    expect(names('drivers/net/wireless/ath/x.c')).toEqual(['THE REST:-1']);
    expect(idx.bestSections('drivers/net/tunlike.c')).toEqual(['TUNLIKE DRIVER']);
    expect(idx.bestSections('Makefile')).toEqual([]);
  });

  it('finds sections whose patterns start with a glob or hold regex characters, and applies X: filed under another directory', () => {
    const idx = index(`${MAINTAINERS}
STARRED
M:\tSam Star <sam@star.example>
F:\tdrivers/*/ethernet/acme/
F:\t*/*/tunlike.c

CLASSED
M:\tCal Class <cal@class.example>
F:\tdrivers/[nx]et/bolt*

ALTERED
M:\tAl Alt <al@alt.example>
F:\tfs/(blkfs|other)/
X:\tfs/blkfs/skip/

ROOTED
M:\tRoy Root <roy@root.example>
F:\tMakefile
F:\tdrivers/net
X:\tdrivers/net/ethernet/acme/old*.c
`);
    const names = (f: string) => idx.sectionsFor(f).map((m) => `${m.section.name}:${m.depth}`);
    expect(names('drivers/net/ethernet/acme/acme_main.c')).toEqual(['ACME ETHERNET DRIVER:4', 'STARRED:4', 'NETWORKING DRIVERS:2', 'ROOTED:2', 'THE REST:-1']);
    expect(names('drivers/net/ethernet/acme/old_dma.c')).toEqual(['ACME ETHERNET DRIVER:4', 'STARRED:4', 'NETWORKING DRIVERS:2', 'THE REST:-1']);
    expect(names('drivers/net/tunlike.c')).toEqual(['TUNLIKE DRIVER:3', 'NETWORKING DRIVERS:2', 'ROOTED:2', 'THE REST:-1', 'STARRED:-1']);
    expect(names('drivers/xet/bolt_x.c')).toEqual(['CLASSED:3', 'THE REST:-1']);
    expect(names('fs/blkfs/read.c')).toEqual(['BLKFS:2', 'ALTERED:2', 'THE REST:-1']);
    expect(names('fs/blkfs/skip/read.c')).toEqual(['BLKFS:2', 'THE REST:-1']);
    expect(names('Makefile')).toEqual(['ROOTED:1', 'THE REST:-1']);
    expect(names('net/Makefile')).toEqual(['THE REST:-1']);
  });

  it('gives maintainers as To and reviewers and lists as Cc, without THE REST\'s maintainer', () => {
    const r = index().recipientsFor(['fs/blkfs/read.c', 'drivers/net/ethernet/acme/acme_main.c']);
    expect(r.to).toEqual(['Bob Blk <bob@blk.example>', 'Ann Acme <ann@acme.example>', 'Ned Net <ned@net.example>']);
    expect(r.cc).toEqual(['Rita Review <rita@review.example>', 'linux-kernel@vger.kernel.org', 'acme-dev@lists.example', 'netdev@vger.kernel.org']);
  });

  it('keeps the role of the most specific section naming a person, as get_maintainer.pl does', () => {
    const idx = index(MAINTAINERS.replace('M:\tAnn Acme <ann@acme.example>\n', 'M:\tAnn Acme <ann@acme.example>\nR:\tNed Net <ned@net.example>\n'));
    const r = idx.recipientsFor(['drivers/net/ethernet/acme/acme_main.c']);
    expect(r.to).toEqual(['Ann Acme <ann@acme.example>']);
    expect(r.cc).toEqual(['Ned Net <ned@net.example>', 'acme-dev@lists.example', 'netdev@vger.kernel.org', 'linux-kernel@vger.kernel.org']);
  });

  it('reads get_maintainer.pl output, including roles that hold parentheses', () => {
    const r = parseGetMaintainerOutput(`Tony Nguyen <anthony.l.nguyen@intel.com> (supporter:INTEL ETHERNET DRIVERS)
"David S. Miller" <davem@davemloft.net> (maintainer:NETWORKING DRIVERS)
Alexei Starovoitov <ast@kernel.org> (supporter:XDP (eXpress Data Path):Keyword:(?:\\b|_)xdp(?:\\b|_))
Rev Iewer <rev@example.org> (reviewer:FOO)
intel-wired-lan@lists.osuosl.org (moderated list:INTEL ETHERNET DRIVERS)
linux-kernel@vger.kernel.org (open list)
`);
    expect(r.to).toEqual(['Tony Nguyen <anthony.l.nguyen@intel.com>', '"David S. Miller" <davem@davemloft.net>', 'Alexei Starovoitov <ast@kernel.org>']);
    expect(r.cc).toEqual(['Rev Iewer <rev@example.org>', 'intel-wired-lan@lists.osuosl.org', 'linux-kernel@vger.kernel.org']);
  });
});
