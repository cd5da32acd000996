import { describe, expect, it } from 'vitest';
import { evaluateGates, KbuildReader, parseDotConfig, parseKbuild } from '../../src/validate/kbuild/object-gates.js';
import { tempTree } from '../harness/temp-tree.js';

const tree = (files: Record<string, string>): string => tempTree('dmv-gates-', files);

describe('parseKbuild', () => {
  it('joins continuation lines and records the positive conditions around each assignment', () => {
    const a = parseKbuild(['obj-$(CONFIG_A) += a.o \\', '\tb.o', 'ifeq ($(CONFIG_X86_64),y)', '\tobj-$(CONFIG_G) += g.o', 'else', 'obj-y += h.o', 'endif', 'ifndef CONFIG_N', 'obj-y += n.o', 'endif', 'CFLAGS_a.o := -DX # comment'].join('\n'));
    expect(a.map((x) => [x.lhs, x.tokens, x.conds])).toEqual([
      ['obj-$(CONFIG_A)', ['a.o', 'b.o'], []],
      ['obj-$(CONFIG_G)', ['g.o'], ['X86_64']],
      ['obj-y', ['h.o'], []],
      ['obj-y', ['n.o'], []],
      ['CFLAGS_a.o', ['-DX'], []],
    ]);
  });
});

describe('KbuildReader', () => {
  const root = tree({
    'drivers/Makefile': 'obj-$(CONFIG_NETDEVICES) += net/\n',
    'drivers/net/Makefile': 'obj-$(CONFIG_ETHERNET) += ethernet/\n',
    'drivers/net/ethernet/Makefile': 'obj-$(CONFIG_NET_VENDOR_FOO) += foo/\n',
    'drivers/net/ethernet/foo/Makefile': 'obj-$(CONFIG_FOO) += foo.o\nfoo-y := main.o\nfoo-$(CONFIG_FOO_DCB) += dcb.o\nobj-$(CONFIG_BAR) += bar.o\nobj-$(CONFIG_BAR_ALT) += bar.o\n',
    'net/core/Makefile': 'obj-y += sock.o\n',
    'net/Makefile': 'obj-$(CONFIG_NET) += core/\n',
  });
  const reader = new KbuildReader(root);

  it('follows composites and the directories above', () => {
    const g = reader.gatesOf('drivers/net/ethernet/foo/dcb.o');
    expect(g.unresolved).toEqual([]);
    expect(g.requirements.map((r) => r.alternatives)).toEqual([[['FOO', 'FOO_DCB']], [['NET_VENDOR_FOO']], [['ETHERNET']], [['NETDEVICES']]]);
  });

  it('evaluates against a .config, naming what is missing', () => {
    const g = reader.gatesOf('drivers/net/ethernet/foo/dcb.o');
    const on = parseDotConfig('CONFIG_NETDEVICES=y\nCONFIG_ETHERNET=y\nCONFIG_NET_VENDOR_FOO=y\nCONFIG_FOO=m\n# CONFIG_FOO_DCB is not set\n');
    expect(evaluateGates(g, on)).toEqual({ enabled: false, missing: ['FOO_DCB'] });
    on.set('FOO_DCB', 'y');
    expect(evaluateGates(g, on)).toEqual({ enabled: true, missing: [] });
  });

  it('accepts any of several lines naming the object', () => {
    const g = reader.gatesOf('drivers/net/ethernet/foo/bar.o');
    const cfg = parseDotConfig('CONFIG_NETDEVICES=y\nCONFIG_ETHERNET=y\nCONFIG_NET_VENDOR_FOO=y\nCONFIG_BAR_ALT=y\n');
    expect(evaluateGates(g, cfg).enabled).toBe(true);
  });

  it('adds the top-level gate of net/', () => {
    const g = reader.gatesOf('net/core/sock.o');
    expect(evaluateGates(g, parseDotConfig('')).missing).toEqual(['NET']);
  });

  it('says when no line names the object', () => {
    expect(reader.gatesOf('drivers/net/ethernet/foo/nothere.o').unresolved[0]).toMatch(/no Kbuild\/Makefile line names nothere\.o/);
  });
});
