import { describe, expect, it } from 'vitest';
import { archesHintedBy } from '../../src/validate/kbuild/arches.js';
import { findSymbol } from '../../src/validate/kbuild/kconfig-deps.js';

const KCONFIG = [
  'menu "Sun devices"',
  '\tdepends on NET_VENDOR_SUN',
  '',
  'config SUNOTHER',
  '\ttristate "other"',
  '\tdepends on PCI',
  '',
  'if SBUS',
  'config SUNBMAC',
  '\ttristate "Sun BigMAC"',
  '\tdepends on SPARC',
  '\thelp',
  '\t  This driver depends on nothing you know',
  '\t  if you say Y here, menu items change.',
  '',
  'config AFTER',
  '\tbool',
  'endif',
  'endmenu',
].join('\n');

describe('findSymbol', () => {
  it('collects the symbol\'s own, its if-block\'s and its menu\'s dependencies, not its help text', () => {
    expect(findSymbol(KCONFIG, 'SUNBMAC')).toBe('(SBUS) && (NET_VENDOR_SUN) && (SPARC)');
  });
  it('does not give one symbol the dependencies of its neighbour', () => {
    expect(findSymbol(KCONFIG, 'SUNOTHER')).toBe('(NET_VENDOR_SUN) && (PCI)');
  });
  it('is undefined for a symbol the file does not define', () => {
    expect(findSymbol(KCONFIG, 'NOPE')).toBeUndefined();
  });
});

describe('archesHintedBy', () => {
  it('maps positive arch symbols and 32-bit-only negations to arches', () => {
    expect(archesHintedBy('(SBUS) && (SPARC)').map((a) => a.id)).toEqual(['sparc64']);
    expect(archesHintedBy('(PCI) && (!ARCH_DMA_ADDR_T_64BIT)').map((a) => a.id)).toEqual(['i386']);
    expect(archesHintedBy('(PCI) && (!SPARC)').map((a) => a.id)).toEqual([]);
  });
});
