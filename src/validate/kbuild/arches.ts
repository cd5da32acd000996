/**
 * The architectures compile validation can build for, with the Debian cross
 * compiler for each and the Kconfig symbols that point to it.
 */

export interface ArchSpec {
  /** Our name for the build (also the build directory's name). */
  readonly id: string;
  /** ARCH= for make. */
  readonly karch: string;
  /** The directory under arch/. */
  readonly srcArch: string;
  /** CROSS_COMPILE= (absent: the host compiler builds it). */
  readonly crossCompile?: string;
  /** The Debian package that provides `${crossCompile}gcc`. */
  readonly debianPackage?: string;
  /** Kconfig symbols whose presence in a dependency means "this arch". */
  readonly hints: readonly string[];
  /** Kconfig symbols whose negation (`!64BIT`) in a dependency means "this arch". */
  readonly negativeHints?: readonly string[];
  /** Kconfig lines added to allmodconfig for this arch (e.g. 32-bit where the compiler is). */
  readonly allconfig?: readonly string[];
}

export const ARCHES: readonly ArchSpec[] = [
  { id: 'x86_64', karch: 'x86_64', srcArch: 'x86', hints: ['X86_64', 'X86', 'AMD_IOMMU', 'INTEL_IOMMU'] },
  {
    id: 'i386',
    karch: 'i386',
    srcArch: 'x86',
    hints: ['X86_32'],
    negativeHints: ['64BIT', 'X86_64', 'ARCH_DMA_ADDR_T_64BIT', 'PHYS_ADDR_T_64BIT'],
    allconfig: ['CONFIG_HIGHMEM4G=y', '# CONFIG_HIGHMEM64G is not set', '# CONFIG_X86_PAE is not set'],
  },
  { id: 'arm', karch: 'arm', srcArch: 'arm', crossCompile: 'arm-linux-gnueabi-', debianPackage: 'gcc-arm-linux-gnueabi', hints: ['ARM', 'ARM_AMBA', 'ARCH_OMAP', 'ARCH_MULTIPLATFORM'] },
  { id: 'arm64', karch: 'arm64', srcArch: 'arm64', crossCompile: 'aarch64-linux-gnu-', debianPackage: 'gcc-aarch64-linux-gnu', hints: ['ARM64'] },
  { id: 'powerpc', karch: 'powerpc', srcArch: 'powerpc', crossCompile: 'powerpc64-linux-gnu-', debianPackage: 'gcc-powerpc64-linux-gnu', hints: ['PPC', 'PPC64', 'PPC32', 'PPC_PSERIES', 'PPC_POWERNV', 'PPC_PMAC', 'PPC_PS3', 'PPC_CELL'] },
  { id: 'sparc64', karch: 'sparc64', srcArch: 'sparc', crossCompile: 'sparc64-linux-gnu-', debianPackage: 'gcc-sparc64-linux-gnu', hints: ['SPARC', 'SPARC64', 'SBUS'] },
  { id: 'alpha', karch: 'alpha', srcArch: 'alpha', crossCompile: 'alpha-linux-gnu-', debianPackage: 'gcc-alpha-linux-gnu', hints: ['ALPHA'] },
  { id: 'mips', karch: 'mips', srcArch: 'mips', crossCompile: 'mips-linux-gnu-', debianPackage: 'gcc-mips-linux-gnu', hints: ['MIPS', 'MACH_JAZZ', 'MACH_LOONGSON64', 'SGI_IP27'], allconfig: ['# CONFIG_64BIT is not set', 'CONFIG_32BIT=y'] },
  { id: 'parisc', karch: 'parisc', srcArch: 'parisc', crossCompile: 'hppa-linux-gnu-', debianPackage: 'gcc-hppa-linux-gnu', hints: ['PARISC', 'GSC', 'PA8X00'], allconfig: ['# CONFIG_64BIT is not set'] },
  { id: 's390', karch: 's390', srcArch: 's390', crossCompile: 's390x-linux-gnu-', debianPackage: 'gcc-s390x-linux-gnu', hints: ['S390'] },
  { id: 'riscv', karch: 'riscv', srcArch: 'riscv', crossCompile: 'riscv64-linux-gnu-', debianPackage: 'gcc-riscv64-linux-gnu', hints: ['RISCV'] },
  { id: 'm68k', karch: 'm68k', srcArch: 'm68k', crossCompile: 'm68k-linux-gnu-', debianPackage: 'gcc-m68k-linux-gnu', hints: ['M68K', 'AMIGA', 'ATARI', 'MAC', 'Q40', 'SUN3'] },
  { id: 'sh', karch: 'sh', srcArch: 'sh', crossCompile: 'sh4-linux-gnu-', debianPackage: 'gcc-sh4-linux-gnu', hints: ['SUPERH'] },
];

export function archById(id: string): ArchSpec | undefined {
  return ARCHES.find((a) => a.id === id);
}

/** The arches whose sources live under arch/<srcArch>/ (x86: x86_64 first). */
export function archesForSrcArch(srcArch: string): ArchSpec[] {
  return ARCHES.filter((a) => a.srcArch === srcArch);
}

/** Arches a Kconfig dependency text points to: symbols it names positively, or negated ones (`!64BIT`). */
export function archesHintedBy(dependsOn: string): ArchSpec[] {
  const positive = new Set<string>();
  const negative = new Set<string>();
  for (const m of dependsOn.matchAll(/(!\s*)?\b([A-Z][A-Z0-9_]*)\b/g)) (m[1] ? negative : positive).add(m[2]!);
  return ARCHES.filter((a) => a.hints.some((h) => positive.has(h)) || (a.negativeHints ?? []).some((h) => negative.has(h)));
}
