/**
 * `dma-migrate validate --boot` on Debian's linux-source-6.12: builds (or
 * reuses) the i386 debug kernel, generates the test module with the rules,
 * boots it under QEMU. A cold run takes a few minutes.
 */
import { describe, expect, it } from 'vitest';
import { NEGATIVE_CONTROLS } from '../../src/validate/boot/judge-serial.js';
import { TEMPLATES } from '../../src/validate/boot/generate-module.js';
import { RULES } from '../../src/rules/index.js';
import { runCli } from './run-cli.js';

const activeChecks = TEMPLATES.filter((t) => t.rules.every((id) => RULES.some((r) => r.meta.id === id))).flatMap((t) => t.checks);

interface JsonReport {
  pass: boolean;
  verdict: { checks: { name: string; status: string; detail?: string }[]; negatives: { name: string; caught: boolean }[]; stray: { text: string }[] };
  module: { mutations: string[] };
}

describe('validate --boot', () => {
  it('prints PASS with each check listed and every negative control caught', async () => {
    const r = await runCli(['validate', '--boot']);
    expect(r.stdout).toMatch(/^PASS: /m);
    expect(r.code).toBe(0);
    for (const c of ['module-builds-clean', ...activeChecks]) expect(r.stdout).toMatch(new RegExp(`^  PASS  ${c}$`, 'm'));
    for (const n of NEGATIVE_CONTROLS) expect(r.stdout).toMatch(new RegExp(`^  caught  ${n.name}  `, 'm'));
    expect(r.stdout).toMatch(/overlay: the tree lacks dma_map_phys/);
  });

  it('FAILs when the rewrite drops the in-page offset (DMA_MIGRATE_BOOT_MUTATE=drop-offset)', async () => {
    const r = await runCli(['validate', '--boot', '--json'], { DMA_MIGRATE_BOOT_MUTATE: 'drop-offset' });
    expect(r.code).toBe(3);
    const report = JSON.parse(r.stdout) as JsonReport;
    expect(report.pass).toBe(false);
    expect(report.module.mutations).toEqual(['drop-offset']);
    const status = Object.fromEntries(report.verdict.checks.map((c) => [c.name, c.status]));
    // every map with a non-zero offset through page_to_phys(page) + off breaks ...
    expect(status['dma-page-offset']).toBe('fail');
    expect(status['dma-page-attrs']).toBe('fail');
    expect(status['dma-offset-expression']).toBe('fail');
    expect(report.verdict.checks.find((c) => c.name === 'dma-page-offset')?.detail).toMatch(/bytes wrong/);
    // ... and the forms without a separate offset do not
    expect(status['dma-sg-phys']).toBe('pass');
    expect(status['kmap-nested-lifo']).toBe('pass');
    expect(report.verdict.negatives.every((n) => n.caught)).toBe(true);
  });

  it('FAILs on a kernel warning outside the negative controls (kunmap_local order swapped)', async () => {
    const r = await runCli(['validate', '--boot', '--json', '--mutate', 'kunmap-order']);
    expect(r.code).toBe(3);
    const report = JSON.parse(r.stdout) as JsonReport;
    expect(report.pass).toBe(false);
    expect(report.verdict.stray.map((s) => s.text).join('\n')).toMatch(/WARNING: .*kunmap_local_indexed/);
  });
});
