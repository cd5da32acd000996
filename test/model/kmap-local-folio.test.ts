/**
 * kmap_local_folio(folio, 0) maps the folio's first page: the model takes
 * folio_page(folio, 0) to be &folio->page, so the conversion of a map of
 * that page is judged equal, and a map of another page is not.
 */
import { describe, expect, it } from 'vitest';
import { createCParser } from '../../src/engine/parse/index.js';
import { verifyChange } from '../../src/verify/index.js';

const parser = createCParser();
const fn = (map: string, unmap: string) => `static u32 f(struct folio *folio, long i)\n{\n\tu32 *p = ${map};\n\tu32 s = p[1];\n\n\t${unmap};\n\treturn s;\n}\n`;
const verdict = (oldMap: string, newMap: string) => verifyChange(fn(oldMap, 'kunmap_atomic(p)'), fn(newMap, 'kunmap_local(p)'), parser).functions[0]!;

describe('kmap_local_folio() in the model', () => {
  it('accepts kmap_atomic(&folio->page) and kmap_atomic(folio_page(folio, 0)) → kmap_local_folio(folio, 0)', () => {
    expect(verdict('kmap_atomic(&folio->page)', 'kmap_local_folio(folio, 0)').verdict).toBe('accepted');
    expect(verdict('kmap_atomic(folio_page(folio, 0))', 'kmap_local_folio(folio, 0)').verdict).toBe('accepted');
  });

  it('rejects it for another page of the folio', () => {
    const v = verdict('kmap_atomic(folio_page(folio, i))', 'kmap_local_folio(folio, 0)');
    expect(v.verdict).toBe('rejected');
    expect(v.violations.map((x) => x.reason)).toContain('kmap-page-changed');
  });
});
