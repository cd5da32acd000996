/**
 * `dma-migrate validate --compile` on Debian's linux-source-6.12 after
 * rewriting real files: drivers on x86_64, a 32-bit-only driver (i386), an
 * arch DMA file with a Debian cross compiler (arm), and — once the
 * dma_map_ops provider rule is registered — the provider files. Add a case
 * by adding a line to CASES.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { PROVIDER_RULE_ID } from '../../src/validate/boot/generate-module.js';
import { cacheDir, ensureKernelSource } from '../../src/validate/kernel-source/index.js';
import { RULES } from '../../src/rules/index.js';
import { runCli } from './run-cli.js';

const CASES: readonly { path: string; arch: string; why: string }[] = [
  // (igb and atl1 share their DMA handles with dma_map_single(): partner-kept, nothing to build.)
  { path: 'drivers/net/ethernet/jme.c', arch: 'x86_64', why: 'dma_map_page → dma_map_phys' },
  { path: 'drivers/net/ethernet/qlogic/qede/qede_fp.c', arch: 'x86_64', why: 'dma_map_page → dma_map_phys' },
  { path: 'drivers/ntb/ntb_transport.c', arch: 'x86_64', why: 'dma_map_resource → dma_map_phys + DMA_ATTR_MMIO' },
  { path: 'drivers/block/brd.c', arch: 'x86_64', why: 'kmap_atomic → kmap_local_page' },
  { path: 'drivers/crypto/hifn_795x.c', arch: 'i386', why: 'kmap; depends on !ARCH_DMA_ADDR_T_64BIT, so only a 32-bit config builds it' },
  { path: 'arch/arm/mm/dma-mapping.c', arch: 'arm', why: 'the ARM dma_map_ops implementation (kmap), arm-linux-gnueabi-gcc' },
];
const PROVIDER_CASES: readonly { path: string; arch: string; why: string }[] = [
  { path: 'arch/x86/kernel/amd_gart_64.c', arch: 'x86_64', why: 'gart_map_page → gart_map_phys' },
  { path: 'arch/alpha/kernel/pci_iommu.c', arch: 'alpha', why: 'alpha_pci_map_page → alpha_pci_map_phys' },
  { path: 'arch/sparc/kernel/iommu.c', arch: 'sparc64', why: 'dma_4u_map_page → dma_4u_map_phys (the aligned-base bug class)' },
];
const hasProviderRule = RULES.some((r) => r.meta.id === PROVIDER_RULE_ID);
const cases = [...CASES, ...(hasProviderRule ? PROVIDER_CASES : [])];

interface Report {
  overlay?: { lacks: string[] };
  converted: Record<string, number>;
  objects: { object: string; status: string; arch?: string; reason?: string; added: { message: string }[] }[];
}

let tree = '';
beforeAll(async () => {
  tree = await ensureKernelSource('6.12', { cacheDir: cacheDir(process.env) });
});

describe('validate --compile on linux-source-6.12', () => {
  it('builds every rewritten object clean, per arch, with the API-backport overlay', async () => {
    const before = readFileSync(path.join(tree, cases[0]!.path), 'utf8');
    // --policy all: the DMA call sites of these drivers are kept on the page API by the default policy.
    const r = await runCli(['validate', '--compile', '--json', '--tree', tree, '--policy', 'all', '--target-version', hasProviderRule ? '6.19' : '6.18', ...cases.map((c) => c.path)]);
    const report = JSON.parse(r.stdout) as Report;
    for (const c of cases) {
      expect(report.converted[c.path], `${c.path}: ${c.why}`).toBeGreaterThan(0);
      const o = report.objects.find((x) => x.object === c.path.replace(/\.c$/, '.o'));
      expect(o, c.path).toBeDefined();
      expect({ object: o!.object, status: o!.status, arch: o!.arch, added: o!.added }).toEqual({ object: o!.object, status: 'clean', arch: c.arch, added: [] });
    }
    expect(report.overlay?.lacks).toContain('dma_map_phys/dma_unmap_phys');
    expect(r.code).toBe(0);
    // the tree itself is never written
    expect(readFileSync(path.join(tree, cases[0]!.path), 'utf8')).toBe(before);
  });

  it('reports a new warning the change adds (and exits 3)', async () => {
    const rel = 'drivers/block/brd.c';
    const text = readFileSync(path.join(tree, rel), 'utf8');
    const lines = text.split('\n');
    const at = lines.findIndex((l) => l.startsWith('static int brd_do_bvec('));
    const patch = [
      `--- a/${rel}`,
      `+++ b/${rel}`,
      `@@ -${at + 1},1 +${at + 1},2 @@`,
      '+static int brd_unused_helper(void) { int unused_var; return 0; }',
      ` ${lines[at]}`,
      '',
    ].join('\n');
    const patchFile = path.join(mkdtempSync(path.join(tmpdir(), 'dmv-e2e-')), 'brd-warning.patch');
    writeFileSync(patchFile, patch);
    const r = await runCli(['validate', '--compile', '--json', '--tree', tree, '--patch', patchFile]);
    const report = JSON.parse(r.stdout) as Report;
    expect(report.objects[0]!.status).toBe('new-warnings');
    expect(report.objects[0]!.added.map((d) => d.message).sort()).toEqual(["'brd_unused_helper' defined but not used", "unused variable 'unused_var'"]);
    expect(r.code).toBe(3);
  });

  it('says why an object is not buildable here', async () => {
    const rel = 'drivers/net/ethernet/sun/sunbmac.c';
    const first = readFileSync(path.join(tree, rel), 'utf8').split('\n')[0]!;
    const patch = [`--- a/${rel}`, `+++ b/${rel}`, '@@ -1,1 +1,2 @@', ` ${first}`, '+/* a comment-only change */', ''].join('\n');
    const patchFile = path.join(mkdtempSync(path.join(tmpdir(), 'dmv-e2e-')), 'sunbmac-comment.patch');
    writeFileSync(patchFile, patch);
    const r = await runCli(['validate', '--compile', '--json', '--tree', tree, '--patch', patchFile, '--arch', 'x86_64']);
    const report = JSON.parse(r.stdout) as Report;
    expect(report.objects[0]!.status).toBe('not-built');
    expect(report.objects[0]!.reason).toMatch(/allmodconfig leaves CONFIG_SUNBMAC unset \(CONFIG_SUNBMAC depends on .*SBUS/);
    expect(report.objects[0]!.reason).toMatch(/sparc64: not among the arches allowed/);
    expect(r.code).toBe(1);
  });
});
