/**
 * The boot test kernel: i386 (kmap checks need HIGHMEM, which only 32-bit
 * kernels have: on x86_64 kmap_local_page() is page_address() and a wrong
 * unmap order goes unnoticed), from tinyconfig plus what the checks need.
 * Measured: configure ~10 s, build ~110 s on 2 cores (qemu-boot-notes.md).
 */

export const BOOT_ARCH = { karch: 'i386' } as const;

export const BOOT_FRAGMENT: readonly string[] = [
  // a console, an initramfs and modules
  'CONFIG_PRINTK=y',
  'CONFIG_TTY=y',
  'CONFIG_SERIAL_8250=y',
  'CONFIG_SERIAL_8250_CONSOLE=y',
  'CONFIG_BLK_DEV_INITRD=y',
  'CONFIG_BINFMT_ELF=y',
  'CONFIG_MODULES=y',
  // QEMU's edu device sits on PCI
  'CONFIG_PCI=y',
  // without BUG, WARN() prints nothing; KALLSYMS names the functions in traces
  'CONFIG_BUG=y',
  'CONFIG_KALLSYMS=y',
  'CONFIG_KERNEL_GZIP=y',
  '# CONFIG_KERNEL_XZ is not set',
  // highmem, so kmap_local_page() really maps
  '# CONFIG_NOHIGHMEM is not set',
  'CONFIG_HIGHMEM4G=y',
  // the debugging the checks and negative controls rely on
  'CONFIG_DEBUG_KERNEL=y',
  'CONFIG_DEBUG_HIGHMEM=y',
  'CONFIG_DEBUG_KMAP_LOCAL=y',
  'CONFIG_DEBUG_KMAP_LOCAL_FORCE_MAP=y',
  'CONFIG_DMA_API_DEBUG=y',
  'CONFIG_DEBUG_ATOMIC_SLEEP=y',
];

/** QEMU under TCG (KVM guests printed nothing on these machines). */
export function qemuArgs(bzImage: string, initramfs: string): string[] {
  return [
    '-accel', 'tcg',
    '-m', '2G',
    '-smp', '1',
    '-nodefaults',
    '-no-user-config',
    '-display', 'none',
    '-serial', 'stdio',
    '-no-reboot',
    '-kernel', bzImage,
    '-initrd', initramfs,
    '-append', 'console=ttyS0 panic=-1 oops=panic',
    // edu's default DMA mask is 28 bits: without this QEMU clamps highmem bus addresses
    '-device', 'edu,dma_mask=0xffffffff',
  ];
}
