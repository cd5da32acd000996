import { describe, expect, it } from 'vitest';
import { newDiagnostics, parseDiagnostics, uniqueDiagnostics } from '../../src/validate/kbuild/diagnostics.js';

const SHADOW = '/cache/compile/linux-abc/shadow';

describe('parseDiagnostics', () => {
  it('reads gcc and sparse lines, strips the shadow and tree prefixes, and normalises quotes', () => {
    const log = [
      '  CC [M]  drivers/block/brd.o',
      `${SHADOW}/drivers/block/brd.c: In function ‘brd_x’:`,
      `${SHADOW}/drivers/block/brd.c:192:42: warning: unused variable ‘unused_var’ [-Wunused-variable]`,
      '  192 | static int brd_x(void) { int unused_var; return 0; }',
      `/src/linux/include/linux/foo.h:10:5: error: implicit declaration of function 'bar' [-Werror=implicit-function-declaration]`,
      `${SHADOW}/drivers/block/brd.c:40:17: warning: incorrect type in argument 1 (different address spaces)`,
      'drivers/block/brd.c:7: note: not a diagnostic we count',
    ].join('\n');
    const d = parseDiagnostics(log, [SHADOW, '/src/linux']);
    expect(d.map((x) => [x.file, x.line, x.column, x.severity, x.message, x.flag])).toEqual([
      ['drivers/block/brd.c', 192, 42, 'warning', "unused variable 'unused_var'", '-Wunused-variable'],
      ['include/linux/foo.h', 10, 5, 'error', "implicit declaration of function 'bar'", '-Wimplicit-function-declaration'],
      ['drivers/block/brd.c', 40, 17, 'warning', 'incorrect type in argument 1 (different address spaces)', undefined],
    ]);
  });
});

describe('newDiagnostics', () => {
  const at = (line: number, message: string) => `${SHADOW}/drivers/x.c:${line}:3: warning: ${message} [-Wfoo]`;

  it('ignores warnings that only moved to another line', () => {
    const before = parseDiagnostics(at(10, 'a is unused'), [SHADOW]);
    const after = parseDiagnostics(at(14, 'a is unused'), [SHADOW]);
    expect(newDiagnostics(before, after)).toEqual([]);
  });

  it('counts a repeated warning as new when it appears more often than before', () => {
    const before = parseDiagnostics(at(10, 'cast truncates'), [SHADOW]);
    const after = parseDiagnostics([at(10, 'cast truncates'), at(20, 'cast truncates')].join('\n'), [SHADOW]);
    expect(newDiagnostics(before, after).map((d) => d.line)).toEqual([20]);
  });

  it('reports a different message at the same place', () => {
    const before = parseDiagnostics(at(10, 'one'), [SHADOW]);
    const after = parseDiagnostics(at(10, 'two'), [SHADOW]);
    expect(newDiagnostics(before, after).map((d) => d.message)).toEqual(['two']);
  });

  it('uniqueDiagnostics drops exact repeats only', () => {
    const d = parseDiagnostics([at(10, 'x'), at(10, 'x'), at(11, 'x')].join('\n'), [SHADOW]);
    expect(uniqueDiagnostics(d).map((x) => x.line)).toEqual([10, 11]);
  });
});

describe('renamed identifiers', () => {
  it('pairs an identifier replaced by one other identifier, consistently', async () => {
    const { renamedIdentifiers } = await import('../../src/validate/kbuild/renamed-identifiers.js');
    const before = 'static dma_addr_t gart_map_page(struct device *dev)\n{\n\treturn gart_map_page(dev);\n}\nint x = page;\n';
    const after = 'static dma_addr_t gart_map_phys(struct device *dev)\n{\n\treturn gart_map_phys(dev);\n}\nint x = phys_to_page(phys);\n';
    expect([...renamedIdentifiers(before, after)]).toEqual([['gart_map_phys', 'gart_map_page']]);
    // one name turned into two different ones is no rename
    expect([...renamedIdentifiers('f(a); g(a);', 'f(b); g(c);')]).toEqual([]);
  });
  it('lets a kernel-doc warning follow its function\'s new name, and still catches a really new one', async () => {
    const { newDiagnostics } = await import('../../src/validate/kbuild/diagnostics.js');
    const d = (message: string) => ({ file: 'a.c', line: 1, column: 0, severity: 'warning' as const, message, text: message });
    const before = [d("Function parameter or struct member 'attrs' not described in 'arm_iommu_map_page'")];
    const after = [d("Function parameter or struct member 'attrs' not described in 'arm_iommu_map_phys'"), d("Function parameter or struct member 'phys' not described in 'arm_iommu_map_phys'")];
    const renames = new Map([['arm_iommu_map_phys', 'arm_iommu_map_page']]);
    expect(newDiagnostics(before, after, renames).map((x) => x.message)).toEqual(["Function parameter or struct member 'phys' not described in 'arm_iommu_map_phys'"]);
    expect(newDiagnostics(before, after).length).toBe(2);
  });
});
