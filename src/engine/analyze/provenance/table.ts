/**
 * Where a physical address comes from (sources) and where it must be RAM or
 * must not be (sinks), reference §1.4, §1.6 and §4. A name missing from these
 * tables gives or asks nothing: its provenance is unknown and nothing is said.
 *
 * The classes: `ram` is ordinary, cacheable system RAM with a struct page (what
 * the proposed `kphys_addr_t` would have held); `mmio` is anything that is not
 * (a BAR, a device's registers or memory: the proposed `raw_phys_addr_t`).
 */
import type { SyntaxNode } from '../../../core/syntax.js';

export type AddressClass = 'ram' | 'mmio';

export interface SourceSpec {
  readonly cls: AddressClass;
  /**
   * `page`: derived from a struct page, folio or scatterlist/bio_vec page. RAM
   * unless the page may be ZONE_DEVICE/P2PDMA memory, so in a file that mentions
   * such memory the value is unknown (the reference's §1.6 rule).
   */
  readonly derivation?: 'page';
  /** Only when this argument is exactly this identifier (the resource type). */
  readonly when?: { readonly arg: number; readonly is: string };
  /** The source fills the struct resource whose address is this argument (`&res`), instead of returning it. */
  readonly outArg?: number;
  /** Not a source in a file whose text matches this (where the call may describe RAM). */
  readonly unlessFileMentions?: RegExp;
}

/** Calls whose result (or filled-in resource) is a physical address or pfn of known class. */
export const SOURCES: Readonly<Record<string, SourceSpec>> = {
  // struct page → phys/pfn: RAM, unless the page is device memory (P2PDMA pages are MMIO).
  page_to_phys: { cls: 'ram', derivation: 'page' },
  page_to_pfn: { cls: 'ram', derivation: 'page' },
  folio_pfn: { cls: 'ram', derivation: 'page' },
  // sg_phys()/bvec_phys() are page_to_phys() of the entry's page plus its offset.
  sg_phys: { cls: 'ram', derivation: 'page' },
  bvec_phys: { cls: 'ram', derivation: 'page' },
  // Linear-map virtual address → phys: only lowmem RAM has a linear-map address.
  virt_to_phys: { cls: 'ram' },
  __pa: { cls: 'ram' },
  __pa_symbol: { cls: 'ram' },
  virt_to_pfn: { cls: 'ram' },
  // The memblock allocators hand out RAM by physical address.
  memblock_phys_alloc: { cls: 'ram' },
  memblock_phys_alloc_range: { cls: 'ram' },
  memblock_phys_alloc_try_nid: { cls: 'ram' },
  // A PCI BAR: memory or I/O space of the device, never system RAM.
  pci_resource_start: { cls: 'mmio' },
  pci_resource_end: { cls: 'mmio' },
  pci_resource_n: { cls: 'mmio' },
  // A platform device's IORESOURCE_MEM resource: its registers or device memory.
  platform_get_resource: { cls: 'mmio', when: { arg: 1, is: 'IORESOURCE_MEM' } },
  platform_get_resource_byname: { cls: 'mmio', when: { arg: 1, is: 'IORESOURCE_MEM' } },
  // Looked up and ioremap()ed in one call: ioremap() refuses RAM, so the resource is not RAM.
  devm_platform_get_and_ioremap_resource: { cls: 'mmio', outArg: 2 },
  // A device-tree "reg" entry: a device's registers, except for reserved-memory nodes
  // ("memory-region" phandles describe RAM carve-outs), so not a source in a file naming those.
  of_address_to_resource: { cls: 'mmio', outArg: 2, unlessFileMentions: /memory-region|reserved-memory|of_reserved_mem/ },
};

/** Calls that pass an address through unchanged in class (phys↔pfn, alignment). */
export const TRANSPARENT: ReadonlySet<string> = new Set([
  'PFN_PHYS',
  'PHYS_PFN',
  'PFN_DOWN',
  'PFN_UP',
  '__phys_to_pfn',
  '__pfn_to_phys',
  'PAGE_ALIGN',
  'PAGE_ALIGN_DOWN',
  'ALIGN',
  'ALIGN_DOWN',
  'round_down',
  'round_up',
]);

/** What the sink needs of the address it is given. */
export type Requirement = AddressClass;

export interface SinkSpec {
  /** The argument holding the physical address or pfn. */
  readonly arg: number;
  /** What the address must be; a function of the call when it depends on the attributes. */
  readonly requires: Requirement | ((args: readonly SyntaxNode[]) => Requirement | undefined);
  /** Why, for the finding's message. */
  readonly why: string;
  /**
   * Its meaning is the architecture's own: not a sink in arch/ code, which knows
   * its memory map (MIPS64 phys_to_virt() is an XKPHYS address, valid for I/O space too).
   */
  readonly archDefined?: boolean;
}

const NOT_MMIO_FOR_RAM_PATH = 'it reaches the CPU mapping or cache maintenance of RAM (struct page, linear map, kmap), which an MMIO address does not have';

/** Calls that need RAM, or need non-RAM, at one argument. */
export const SINKS: Readonly<Record<string, SinkSpec>> = {
  // Without DMA_ATTR_MMIO the DMA layer may bounce through swiotlb, kmsan-check, phys_to_page()
  // and cache-sync the address (reference §1.4); with it, none of that happens, which RAM needs.
  dma_map_phys: { arg: 1, requires: (args) => dmaAttrsRequirement(args[4]), why: 'dma_map_phys() treats the address as RAM unless DMA_ATTR_MMIO is given, and as MMIO (no CPU cache sync, no swiotlb) when it is' },
  // dma_map_resource() is dma_map_phys(..., attrs | DMA_ATTR_MMIO) since 6.18 (§1.5): no cache sync.
  dma_map_resource: { arg: 1, requires: 'mmio', why: 'dma_map_resource() maps with DMA_ATTR_MMIO: no CPU cache maintenance, which RAM needs (DMA-API debugging refuses a pfn_valid() address here)' },
  // The pfn must have a struct page in the kernel's map (highmem or lowmem RAM).
  kmap_local_pfn: { arg: 0, requires: 'ram', why: NOT_MMIO_FOR_RAM_PATH },
  kmap_atomic_pfn: { arg: 0, requires: 'ram', why: NOT_MMIO_FOR_RAM_PATH },
  // Linear-map arithmetic: meaningful only for lowmem RAM.
  phys_to_virt: { arg: 0, requires: 'ram', why: NOT_MMIO_FOR_RAM_PATH, archDefined: true },
  __va: { arg: 0, requires: 'ram', why: NOT_MMIO_FOR_RAM_PATH, archDefined: true },
  // A struct page exists only for memory the kernel manages (MMIO has none, outside ZONE_DEVICE).
  pfn_to_page: { arg: 0, requires: 'ram', why: NOT_MMIO_FOR_RAM_PATH },
  phys_to_page: { arg: 0, requires: 'ram', why: NOT_MMIO_FOR_RAM_PATH },
  // CPU cache maintenance by physical address: clean/invalidate lines of cacheable RAM.
  arch_sync_dma_for_device: { arg: 0, requires: 'ram', why: 'CPU cache maintenance is for cacheable RAM; an MMIO address must never be mapped cacheable' },
  arch_sync_dma_for_cpu: { arg: 0, requires: 'ram', why: 'CPU cache maintenance is for cacheable RAM; an MMIO address must never be mapped cacheable' },
  outer_clean_range: { arg: 0, requires: 'ram', why: 'outer-cache maintenance is for cacheable RAM' },
  outer_flush_range: { arg: 0, requires: 'ram', why: 'outer-cache maintenance is for cacheable RAM' },
  outer_inv_range: { arg: 0, requires: 'ram', why: 'outer-cache maintenance is for cacheable RAM' },
  // memremap() is *not* a sink: it is documented for "memory-like" resources that are not RAM
  // too (MEMREMAP_WB of non-RAM is arch_memremap_wb()/ioremap_cache(), e.g. pmem, SRAM, CXL),
  // so a device address given to it is not a bug by itself.
};

/** Names of every sink. */
export const SINK_NAMES: readonly string[] = Object.keys(SINKS);
/** Names of every source. */
export const SOURCE_NAMES: readonly string[] = Object.keys(SOURCES);

/**
 * When a file can hold a conflict: a sink needing RAM (or dma_map_phys(), which may) with an
 * MMIO source, or a sink needing MMIO (dma_map_resource(), dma_map_phys()) with a RAM source.
 * Other files are not parsed for this check (on 7.3: about 70 files instead of 600).
 */
export const TRIGGERS: readonly { readonly keywords: readonly string[]; readonly companions: readonly string[] }[] = [
  { keywords: SINK_NAMES.filter((n) => SINKS[n]!.requires !== 'mmio'), companions: SOURCE_NAMES.filter((n) => SOURCES[n]!.cls === 'mmio') },
  { keywords: SINK_NAMES.filter((n) => SINKS[n]!.requires !== 'ram'), companions: SOURCE_NAMES.filter((n) => SOURCES[n]!.cls === 'ram') },
];

/**
 * dma_map_phys()'s attributes, when they are a constant: 0 or an OR of
 * DMA_ATTR_* names. With DMA_ATTR_MMIO the address must be MMIO, without it
 * RAM. Anything else (a variable, a conditional) says nothing.
 */
export function dmaAttrsRequirement(attrs: SyntaxNode | undefined): Requirement | undefined {
  if (!attrs) return undefined;
  const names: string[] = [];
  const walk = (n: SyntaxNode): boolean => {
    if (n.type === 'parenthesized_expression') return n.namedChildren.every(walk);
    if (n.type === 'number_literal') return /^0+[uUlL]*$/.test(n.text);
    if (n.type === 'identifier') {
      names.push(n.text);
      return /^DMA_ATTR_[A-Z0-9_]+$/.test(n.text);
    }
    if (n.type === 'binary_expression' && n.childForFieldName('operator')?.text === '|') {
      return walk(n.childForFieldName('left')!) && walk(n.childForFieldName('right')!);
    }
    return false;
  };
  if (!walk(attrs)) return undefined;
  return names.includes('DMA_ATTR_MMIO') ? 'mmio' : 'ram';
}
