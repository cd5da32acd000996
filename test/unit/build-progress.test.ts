import { describe, expect, it } from 'vitest';
import { buildProgress } from '../../src/validate/kbuild/progress.js';

describe('buildProgress', () => {
  it('counts kbuild steps and reports at most once per interval', () => {
    let t = 0;
    const out: string[] = [];
    const onLine = buildProgress((l) => out.push(l), () => t, 10_000);
    onLine('  CC      kernel/fork.o');
    t = 5_000;
    onLine('  CC [M]  drivers/x.o');
    onLine('make[1]: Entering directory');
    t = 12_000;
    onLine('  LD      vmlinux');
    t = 15_000;
    onLine('  AR      lib/lib.a');
    expect(out).toEqual(['3 steps, 12 s, LD vmlinux']);
  });
});
