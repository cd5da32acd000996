/**
 * Kernel APIs whose contract is known without reading their code, for the
 * callee summaries: what they do with the pointers they are given. Each
 * entry says why. Only what holds on every configuration is listed; anything
 * else is read from the tree or stays unknown.
 */

export interface KnownApi {
  /** Pointer arguments are used during the call only (copied, read, written), never kept. */
  readonly keeps: false;
  /** Stores argument `value` into the object argument `into` points to (that object then holds it). */
  readonly stores?: { readonly value: number; readonly into: number };
  readonly maySleep?: boolean;
}

const COPIES: KnownApi = { keeps: false };
const COPIES_MAY_SLEEP: KnownApi = { keeps: false, maySleep: true };

const TABLE: Readonly<Record<string, KnownApi>> = {
  // Socket I/O on a kvec: the data is copied into or out of the socket's
  // buffers before the call returns, so neither the msghdr nor the kvec is
  // kept. The exception is a send with MSG_SPLICE_PAGES, which references the
  // pages behind the buffer instead of copying; a kmap() address has no
  // linear-map page to reference on HIGHMEM, so code sending from one already
  // takes the copying path (drbd's _drbd_no_send_page()). The flag is not
  // checked here (it may be computed at run time): a limit of this entry.
  kernel_sendmsg: COPIES_MAY_SLEEP,
  kernel_recvmsg: COPIES_MAY_SLEEP,
  sock_sendmsg: COPIES_MAY_SLEEP,
  sock_recvmsg: COPIES_MAY_SLEEP,
  // iov_iter_kvec(i, dir, kvec, nr, count) records the kvec array in *i: the
  // iterator holds it for as long as the iterator lives.
  iov_iter_kvec: { keeps: false, stores: { value: 2, into: 0 } },
  // Copies between kernel and I/O memory: both buffers are read or written during the call.
  memcpy_toio: COPIES,
  memcpy_fromio: COPIES,
  memset_io: COPIES,
  // Duplicating allocators copy the source into a new buffer and keep only that.
  kmemdup: COPIES_MAY_SLEEP,
  kmemdup_nul: COPIES_MAY_SLEEP,
  kstrndup: COPIES_MAY_SLEEP,
  kstrdup: COPIES_MAY_SLEEP,
  // String and memory functions of lib/string.c: they read or write the buffers and return.
  strlen: COPIES,
  strnlen: COPIES,
  strcmp: COPIES,
  strncmp: COPIES,
  strscpy: COPIES,
  strncpy: COPIES,
  strlcpy: COPIES,
  strchr: COPIES,
  strnchr: COPIES,
  memchr: COPIES,
  memchr_inv: COPIES,
  memcmp: COPIES,
  memscan: COPIES,
  // Checksums and CRCs read the buffer to compute a value.
  crc32_le: COPIES,
  crc32_be: COPIES,
  crc32c: COPIES,
  crc16: COPIES,
  crc_t10dif: COPIES,
  crc64_be: COPIES,
  csum_partial: COPIES,
  // Cache maintenance on a kernel virtual range works on the addresses during the call only.
  flush_dcache_page: COPIES,
  flush_kernel_vmap_range: COPIES,
  invalidate_kernel_vmap_range: COPIES,
  flush_icache_range: COPIES,
};

export function knownApi(name: string): KnownApi | undefined {
  return Object.hasOwn(TABLE, name) ? TABLE[name] : undefined;
}
