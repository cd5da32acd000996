import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateTestModule, PROVIDER_RULE_ID, TEMPLATES } from '../../src/validate/boot/generate-module.js';
import { MODULE_ASSETS_DIR } from '../../src/validate/boot/module-assets.js';
import { RULES } from '../../src/rules/index.js';

const tmp = () => path.join(mkdtempSync(path.join(tmpdir(), 'dmv-mod-')), 'module');

describe('generateTestModule', () => {
  it('builds the module source by running the rules over every template', async () => {
    const m = await generateTestModule({ dir: tmp() });
    const dma = readFileSync(path.join(m.dir, 'dmv_dma.c'), 'utf8');
    const kmap = readFileSync(path.join(m.dir, 'dmv_kmap.c'), 'utf8');
    expect(dma).not.toMatch(/dma_(un)?map_(page|resource)\w*\(/);
    expect(dma).toContain('dma_map_phys(dev, page_to_phys(page) + off, len, dir, 0)');
    expect(dma).toContain('dma_map_phys(dev, phys, len, DMA_BIDIRECTIONAL, DMA_ATTR_MMIO)');
    expect(dma).toContain('dma_map_phys(dev, sg_phys(sg), sg->length, dir, 0)');
    expect(kmap).not.toMatch(/k(un)?map_atomic\(/);
    // (plus dmv_provider.c once the provider rule is registered)
    expect(m.files.map((f) => [f.output, f.converted])).toEqual(
      expect.arrayContaining([
        ['dmv_dma.c', { 'dma-map-page-to-phys': 9, 'dma-map-resource-to-phys': 2 }],
        ['dmv_kmap.c', { 'kmap-atomic-to-local': 8 }],
      ]),
    );
    expect(m.expectedChecks).toContain('dma-page-offset');
    expect(m.expectedChecks).toContain('kmap-nested-lifo');
  });

  it('links a drop-offset copy for the negative control and compiles it renamed', async () => {
    const m = await generateTestModule({ dir: tmp() });
    const neg = readFileSync(path.join(m.dir, 'dmv_neg_dma.c'), 'utf8');
    expect(neg).toContain('dma_map_phys(dev, page_to_phys(page), len, dir, 0)');
    expect(neg).not.toContain('page_to_phys(page) + off');
    const kbuild = readFileSync(path.join(m.dir, 'Kbuild'), 'utf8');
    expect(kbuild).toContain('dmv_test-y := dmv_main.o dmv_neg.o dmv_neg_dma.o dmv_dma.o dmv_kmap.o');
    expect(kbuild).not.toContain('dmv_dma.o dmv_dma.o');
    expect(kbuild).toContain('CFLAGS_dmv_neg_dma.o := -DDMV_NEG_COPY');
  });

  it('plants a requested mutation in the checked code itself', async () => {
    const m = await generateTestModule({ dir: tmp(), mutations: ['drop-offset'] });
    expect(readFileSync(path.join(m.dir, 'dmv_dma.c'), 'utf8')).not.toContain('page_to_phys(page) + off');
    expect(m.mutations).toEqual(['drop-offset']);
  });

  it('leaves the provider case out, and says so, when its rule is not registered', async () => {
    const m = await generateTestModule({ dir: tmp(), rules: RULES.filter((r) => r.meta.id !== PROVIDER_RULE_ID) });
    expect(m.left).toEqual([{ template: 'template-provider.c', reason: `rule ${PROVIDER_RULE_ID} is not part of this build` }]);
    expect(m.expectedChecks).not.toContain('provider-map-phys');
    expect(TEMPLATES.find((t) => t.template === 'template-provider.c')?.checks).toContain('provider-map-phys');
  });

  it('fails when a required rule is missing', async () => {
    await expect(generateTestModule({ dir: tmp(), rules: RULES.filter((r) => r.meta.id !== 'kmap-atomic-to-local') })).rejects.toThrow(/rule kmap-atomic-to-local is not registered/);
  });

  it('fails when the rewrite does not convert every site of a template', async () => {
    const assets = mkdtempSync(path.join(tmpdir(), 'dmv-assets-'));
    cpSync(MODULE_ASSETS_DIR, assets, { recursive: true });
    // a kmap_atomic region the kmap rule must refuse (an inatomic user copy)
    const kmap = readFileSync(path.join(assets, 'template-kmap.c'), 'utf8');
    writeFileSync(
      path.join(assets, 'template-kmap.c'),
      `${kmap}\nint dmv_refused(struct page *page, const char __user *ubuf, size_t len)\n{\n\tchar *kaddr = kmap_atomic(page);\n\tunsigned long left = __copy_from_user_inatomic(kaddr, ubuf, len);\n\n\tkunmap_atomic(kaddr);\n\treturn left ? -EFAULT : 0;\n}\n`,
    );
    await expect(generateTestModule({ dir: tmp(), assetsDir: assets })).rejects.toThrow(/did not rewrite template-kmap\.c completely[\s\S]*kmap_atomic review/);
  });
});
