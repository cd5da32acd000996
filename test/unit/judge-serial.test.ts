import { describe, expect, it } from 'vitest';
import { judgeConsole } from '../../src/validate/boot/judge-serial.js';

const CHECKS = ['dma-page-offset', 'kmap-loop'];

/** A console shaped like the real one (qemu-boot-notes.md), with parts replaceable. */
function console_(over: { checks?: string[]; negatives?: Record<string, string[]>; extra?: string[]; tail?: string[] } = {}): string {
  const neg = {
    'kunmap-order': ['------------[ cut here ]------------', 'WARNING: CPU: 0 PID: 1 at mm/highmem.c:623 kunmap_local_indexed+0x4c/0x85', 'Call Trace:', ' ? dmv_neg_kunmap_order+0x39/0x42 [dmv_test]', '---[ end trace 0000000000000000 ]---'],
    'unmap-size': ['DMA-API: pci 0000:00:02.0: device driver frees DMA memory with different size [device address=0x000000007f80b000] [map size=512 bytes] [unmap size=256 bytes]', 'WARNING: CPU: 0 PID: 1 at kernel/dma/debug.c:987 check_unmap+0x1d7/0x621', 'Call Trace:'],
    'sleep-in-atomic': ['BUG: sleeping function called from invalid context at include/linux/sched/mm.h:321', 'Call Trace:'],
    'dropped-offset': ['dmv: neg-detail dropped-offset 768 bytes wrong'],
    ...over.negatives,
  };
  const ends: Record<string, string> = { 'dropped-offset': 'detected' };
  return [
    'Linux version 6.12.117',
    'DMA-API: preallocated 65598 debug entries',
    'DMA-API: debugging enabled by kernel config',
    'Run /init as init process',
    'dmv: start',
    'dmv: pages are highmem',
    ...(over.checks ?? CHECKS.map((c) => `dmv: check ${c} PASS`)),
    ...(over.extra ?? []),
    ...Object.entries(neg).flatMap(([name, body]) => [`dmv: neg-begin ${name}`, ...body, `dmv: neg-end ${name}${ends[name] ? ` ${ends[name]}` : ''}`]),
    ...(over.tail ?? ['dmv: done 2 checks, 0 failed', 'DMV-INIT: finit_module returned 0', 'reboot: Restarting system']),
  ].join('\n');
}

describe('judgeConsole', () => {
  it('passes a clean run with every control caught', () => {
    const v = judgeConsole({ text: console_(), expectedChecks: CHECKS });
    expect(v.problems).toEqual([]);
    expect(v.stray).toEqual([]);
    expect(v.negatives.map((n) => [n.name, n.caught])).toEqual([
      ['kunmap-order', true],
      ['unmap-size', true],
      ['sleep-in-atomic', true],
      ['dropped-offset', true],
    ]);
    expect(v.negatives[1]!.evidence).toMatch(/different size/);
    expect(v.pass).toBe(true);
  });

  it('strips printk timestamps', () => {
    const text = console_().split('\n').map((l) => `[    1.234567] ${l}`).join('\n');
    expect(judgeConsole({ text: text, expectedChecks: CHECKS }).pass).toBe(true);
  });

  it('fails on a failed check and keeps its detail', () => {
    const v = judgeConsole({ text: console_({ checks: ['dmv: check dma-page-offset FAIL 768 bytes wrong, first at 0x2c8', 'dmv: check kmap-loop PASS'] }), expectedChecks: CHECKS });
    expect(v.pass).toBe(false);
    expect(v.checks[0]).toEqual({ name: 'dma-page-offset', status: 'fail', detail: '768 bytes wrong, first at 0x2c8' });
  });

  it('fails when an expected check never reports', () => {
    const v = judgeConsole({ text: console_({ checks: ['dmv: check kmap-loop PASS'] }), expectedChecks: CHECKS });
    expect(v.pass).toBe(false);
    expect(v.checks.find((c) => c.name === 'dma-page-offset')?.status).toBe('missing');
  });

  it('fails on a warning outside the negative controls, even when every check passed', () => {
    const v = judgeConsole({ text: console_({ extra: ['WARNING: CPU: 0 PID: 1 at mm/highmem.c:623 kunmap_local_indexed+0x4c/0x85', 'Call Trace:'] }), expectedChecks: CHECKS });
    expect(v.pass).toBe(false);
    expect(v.stray.map((s) => s.text)).toEqual(['WARNING: CPU: 0 PID: 1 at mm/highmem.c:623 kunmap_local_indexed+0x4c/0x85', 'Call Trace:']);
  });

  it('counts a DMA-API error as trouble but not its informational lines', () => {
    const v = judgeConsole({ text: console_({ extra: ['DMA-API: pci 0000:00:02.0: device driver failed to check map error[device address=0x1000]'] }), expectedChecks: CHECKS });
    expect(v.stray).toHaveLength(1);
    expect(v.pass).toBe(false);
  });

  it('fails when a negative control is not caught', () => {
    const v = judgeConsole({ text: console_({ negatives: { 'sleep-in-atomic': [] } }), expectedChecks: CHECKS });
    expect(v.negatives.find((n) => n.name === 'sleep-in-atomic')?.caught).toBe(false);
    expect(v.pass).toBe(false);
  });

  it('does not accept a control caught by another control\'s message', () => {
    const v = judgeConsole({ text: console_({ negatives: { 'unmap-size': ['BUG: sleeping function called from invalid context at x'] } }), expectedChecks: CHECKS });
    expect(v.negatives.find((n) => n.name === 'unmap-size')?.caught).toBe(false);
  });

  it('fails a dropped-offset control the harness reports as missed', () => {
    const text = console_().replace('dmv: neg-end dropped-offset detected', 'dmv: neg-end dropped-offset missed');
    const v = judgeConsole({ text: text, expectedChecks: CHECKS });
    expect(v.negatives.find((n) => n.name === 'dropped-offset')?.caught).toBe(false);
    expect(v.pass).toBe(false);
  });

  it('reports a module that did not finish, a failed load, a timeout and lowmem pages', () => {
    const v = judgeConsole({
      text: console_({ tail: ['DMV-INIT: finit_module returned -22'] }).replace('pages are highmem', 'pages are not highmem'),
      expectedChecks: CHECKS,
      timedOut: true,
    });
    expect(v.pass).toBe(false);
    expect(v.problems).toEqual([
      'QEMU timed out',
      'loading the test module failed (finit_module returned -22)',
      'the test module did not finish (no "dmv: done" line)',
      'the test pages are not highmem: the kmap checks prove nothing (needs an i386 HIGHMEM kernel with -m 2G)',
    ]);
  });

  it('reports a crash inside a negative control', () => {
    const text = console_().split('dmv: neg-end sleep-in-atomic')[0]!;
    const v = judgeConsole({ text: text, expectedChecks: CHECKS });
    expect(v.problems).toContain('negative control sleep-in-atomic never ended (crash inside it?)');
  });
});
