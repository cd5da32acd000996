/**
 * The generative suite, bounded for `npm test`: kernel-style files built
 * from map/unmap pieces of every family (test/generative/shapes.ts) must
 * keep the engine's invariants (test/generative/invariants.ts). The seed is
 * fixed here so that `npm test` is repeatable (GEN_SEED and GEN_RUNS change
 * it); test/kernel/generative.test.ts runs many more cases from a random
 * seed. A failure prints the command that replays it.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { checkInvariants, apiSites } from './invariants.js';
import { fileArbitrary, renderFile } from './shapes.js';
import { runGenerative } from './property.js';

const RUNS = Number(process.env.GEN_RUNS ?? 25);

describe('generative: invariants on generated kernel-style files', () => {
  it('the generator emits every family and shape it claims', () => {
    const texts = fc.sample(fileArbitrary, { numRuns: 300, seed: 1 }).map(renderFile).join('\n');
    for (const needle of ['kmap(', 'kmap_atomic(', 'kmap_atomic_pfn(', 'kunmap(', 'kunmap_atomic(', 'kunmap_local(', 'dma_map_page(', 'dma_map_page_attrs(', 'dma_map_resource(', 'dma_unmap_page(', 'dma_unmap_resource(',
      '#ifdef', '#else', 'goto out;', 'for (', 'do {', 'return memcmp(kmap', '), err = 0;', 'copy_to_user(', '__copy_from_user_inatomic(', 'msleep(', 's->buf = v', 's->ops->fn(v', '#define GEN_COPY', 'switch (off) {', 'continue;', '\r\n', '\n        ']) {
      expect(texts, needle).toContain(needle);
    }
    expect(texts).toMatch(/if \(.*\)\r?\n[\t ]+[^\n{]*\bk?map/);
    expect(texts).toMatch(/memcpy\(kmap\(p\d\) \+ off, kmap\(p\d\)/);
    expect(texts).toMatch(/v0 = kmap_atomic\(p\d\), v1 = kmap_atomic\(p\d\)/);
    expect(texts).toMatch(/void \*d0 = kmap\(p\d\), \*d1 = kmap\(p\d\)/);
  });

  it('counts sites as the engine does (not in comments or strings) and passes a plain conversion', async () => {
    // Not a generated case: a file whose sites the checker must count (comments and strings are not sites).
    const text = '// kmap(page) in a comment\nvoid f(struct page *p)\n{\n\tvoid *a = kmap(p);\n\tputs("kunmap");\n\tkunmap(p);\n}\n';
    expect(apiSites(text).length).toBe(2);
    expect(await checkInvariants(text)).toEqual([]);
  });

  it(`${RUNS} generated files keep every invariant`, async () => {
    const { numRuns } = await runGenerative({ numRuns: RUNS, testFile: 'test/generative/generative.test.ts', script: 'test', defaultSeed: 18 });
    expect(numRuns).toBe(RUNS);
  }, 120_000);
});
