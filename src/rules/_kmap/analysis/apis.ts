/**
 * The kmap family as the analysis sees it (reference §3.1): which calls map,
 * which unmap, what each unmap takes (the address, or for kunmap() the page),
 * and whether the mapping nests on the per-thread stack (atomic and local
 * mappings do, kmap() ones do not until converted).
 */
export type MapFamily =
  /** kmap_atomic*(): also disables page faults and preemption. */
  | 'atomic'
  /** kmap(): global, may sleep, unmapped by page. */
  | 'kmap'
  /** kmap_local_*(): thread-local, LIFO. */
  | 'local';

export interface MapApi {
  readonly name: string;
  readonly family: MapFamily;
  /** Index of the page (or pfn, or folio) argument. */
  readonly pageArg: number;
  /** What the converted code calls instead (for the deprecated ones). */
  readonly replacement?: string;
  /** The argument is a pfn, not a struct page. */
  readonly pfn?: boolean;
  /** Takes a pgprot_t too. */
  readonly prot?: boolean;
}

export interface UnmapApi {
  readonly name: string;
  readonly family: MapFamily;
  /** Index of the argument identifying the mapping. */
  readonly arg: number;
  /** kunmap() takes the page; the others any address inside the mapped page. */
  readonly takes: 'address' | 'page';
  readonly replacement?: string;
}

export const MAP_APIS: ReadonlyMap<string, MapApi> = new Map(
  (
    [
      { name: 'kmap_atomic', family: 'atomic', pageArg: 0, replacement: 'kmap_local_page' },
      { name: 'kmap_atomic_prot', family: 'atomic', pageArg: 0, replacement: 'kmap_local_page_prot', prot: true },
      { name: 'kmap_atomic_pfn', family: 'atomic', pageArg: 0, replacement: 'kmap_local_pfn', pfn: true },
      { name: 'kmap', family: 'kmap', pageArg: 0, replacement: 'kmap_local_page' },
      { name: 'kmap_local_page', family: 'local', pageArg: 0 },
      { name: 'kmap_local_page_prot', family: 'local', pageArg: 0, prot: true },
      { name: 'kmap_local_folio', family: 'local', pageArg: 0 },
      { name: 'kmap_local_pfn', family: 'local', pageArg: 0, pfn: true },
    ] satisfies MapApi[]
  ).map((a) => [a.name, a]),
);

export const UNMAP_APIS: ReadonlyMap<string, UnmapApi> = new Map(
  (
    [
      { name: 'kunmap_atomic', family: 'atomic', arg: 0, takes: 'address', replacement: 'kunmap_local' },
      { name: 'kunmap', family: 'kmap', arg: 0, takes: 'page', replacement: 'kunmap_local' },
      { name: 'kunmap_local', family: 'local', arg: 0, takes: 'address' },
      { name: 'folio_release_kmap', family: 'local', arg: 1, takes: 'address' },
      { name: 'unmap_and_put_page', family: 'local', arg: 1, takes: 'address' },
    ] satisfies UnmapApi[]
  ).map((a) => [a.name, a]),
);

/** Do a mapping of `map` and an unmap of `unmap` belong together? (local and atomic unmaps are not interchangeable: kunmap_atomic also re-enables page faults.) */
export function familiesMatch(map: MapFamily, unmap: MapFamily): boolean {
  return map === unmap;
}
