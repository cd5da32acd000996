/**
 * The model reads clear_page(addr) as the access it makes, memset(addr, 0,
 * PAGE_SIZE), so clear_highpage() (map + that access + unmap) is judged
 * against the region it replaces.
 */
import { describe, expect, it } from 'vitest';
import { createCParser } from '../../src/engine/parse/index.js';
import { verifyChange } from '../../src/verify/index.js';

const parser = createCParser();
const fn = (body: string) => `static void f(struct page *page, void *other)\n{\n${body}}\n`;
const verdict = (oldBody: string, newBody: string) => verifyChange(fn(oldBody), fn(newBody), parser).functions[0]!;
const CLEARED = '\tclear_highpage(page);\n';

describe('clear_page() and clear_highpage() in the model', () => {
  it('accepts map + clear_page(addr) + unmap → clear_highpage(page), for kmap_atomic() and kmap()', () => {
    expect(verdict('\tvoid *kaddr = kmap_atomic(page);\n\tclear_page(kaddr);\n\tkunmap_atomic(kaddr);\n', CLEARED).verdict).toBe('accepted');
    expect(verdict('\tclear_page(kmap(page));\n\tkunmap(page);\n', CLEARED).verdict).toBe('accepted');
  });

  it('rejects it when clear_page() cleared from an offset or another buffer', () => {
    expect(verdict('\tchar *kaddr = kmap_atomic(page);\n\tclear_page(kaddr + 64);\n\tkunmap_atomic(kaddr);\n', CLEARED).verdict).toBe('rejected');
    expect(verdict('\tvoid *kaddr = kmap_atomic(page);\n\tclear_page(other);\n\tkunmap_atomic(kaddr);\n', CLEARED).verdict).toBe('rejected');
  });

  it('rejects it when a flush inside the region is dropped', () => {
    const v = verdict('\tvoid *kaddr = kmap_atomic(page);\n\tclear_page(kaddr);\n\tflush_dcache_page(page);\n\tkunmap_atomic(kaddr);\n', CLEARED);
    expect(v.verdict).toBe('rejected');
  });
});
