/**
 * `check` and the report-only phys-addr-provenance rule: an MMIO address
 * (a PCI BAR) given on an added line to dma_map_phys() without DMA_ATTR_MMIO,
 * or to kmap_local_pfn(), fails the check; the correct forms pass.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkChange, failingFindings } from '../../src/deliver/check/check-changes.js';
import { TestRepo } from '../harness/git-repo.js';
import { HEADERS, MAKEFILE, kmapDriver } from './kernel-like-tree.js';

const FILE = 'drivers/net/acme/acme.c';

async function stagedWith(added: string, committed = '') {
  const repo = TestRepo.create({ Makefile: MAKEFILE, ...HEADERS, [FILE]: kmapDriver('acme') + committed });
  repo.write({ [FILE]: readFileSync(path.join(repo.dir, FILE), 'utf8') + added });
  repo.git('add', '-A');
  // All rules, as `dma-migrate check --staged` runs them.
  const result = await checkChange({ source: { kind: 'staged' }, cwd: repo.dir, env: repo.env });
  const base = readFileSync(path.join(repo.dir, FILE), 'utf8').split('\n').length - added.split('\n').length;
  return { result, lineOf: (needle: string) => base + added.split('\n').findIndex((l) => l.includes(needle)) + 1 };
}

const mapBar = (attrs: string) => `
static dma_addr_t acme_map_bar(struct pci_dev *pdev, struct device *dev)
{
\tphys_addr_t bar = pci_resource_start(pdev, 0);

\treturn dma_map_phys(dev, bar + 0x100, SZ_4K, DMA_TO_DEVICE, ${attrs});
}
`;

const kmapBar = `
static u32 acme_peek_bar(struct pci_dev *pdev)
{
\tphys_addr_t bar = pci_resource_start(pdev, 0);
\tu32 *p = kmap_local_pfn(PHYS_PFN(bar));
\tu32 v = *p;

\tkunmap_local(p);
\treturn v;
}
`;

const kmapPage = `
static u32 acme_peek_page(struct page *page)
{
\tu32 *p = kmap_local_pfn(page_to_pfn(page));
\tu32 v = *p;

\tkunmap_local(p);
\treturn v;
}
`;

describe('check with phys-addr-provenance', () => {
  it('flags a BAR mapped with dma_map_phys(..., 0)', async () => {
    const { result, lineOf } = await stagedWith(mapBar('0'));
    expect(result.findings.map((f) => `${f.path}:${f.line} ${f.kind} ${f.level} ${f.api} ${f.reason}`)).toEqual([
      `${FILE}:${lineOf('dma_map_phys')} phys-provenance error dma_map_phys mmio-address-to-ram-api`,
    ]);
    expect(result.findings[0]!.message).toContain('pci_resource_start()');
    expect(failingFindings(result)).toHaveLength(1);
  });

  it('flags a BAR given to kmap_local_pfn()', async () => {
    const { result, lineOf } = await stagedWith(kmapBar);
    expect(result.findings.map((f) => `${f.line} ${f.api} ${f.reason}`)).toEqual([`${lineOf('kmap_local_pfn')} kmap_local_pfn mmio-address-to-ram-api`]);
  });

  it('is silent on the correct forms: the BAR with DMA_ATTR_MMIO, a page kmapped by pfn', async () => {
    expect((await stagedWith(mapBar('DMA_ATTR_MMIO'))).result.findings).toEqual([]);
    expect((await stagedWith(kmapPage)).result.findings).toEqual([]);
  });

  it('reports only added lines: a wrong mapping already committed is not reported when other code is added', async () => {
    expect((await stagedWith(kmapPage, mapBar('DMA_ATTR_SKIP_CPU_SYNC'))).result.findings).toEqual([]);
    const { result, lineOf } = await stagedWith(mapBar('DMA_ATTR_SKIP_CPU_SYNC'));
    expect(result.findings.map((f) => `${f.line} ${f.reason}`)).toEqual([`${lineOf('dma_map_phys')} mmio-address-to-ram-api`]);
  });
});
