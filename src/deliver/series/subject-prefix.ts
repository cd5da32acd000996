/**
 * The subject prefix a subsystem uses ("e1000e:", "net: ethernet: foo:",
 * "drm/i915/gt:"), learned from the files' own history: the most common
 * prefix of `git log --format=%s -- <files>`, ignoring merges, reverts and
 * tree-wide commits; failing that, the built-in table of common subsystems
 * (`x86/gart:`, `fsdax:`, `net: stmmac:`), then the driver directory's name.
 * A `--prefix-map` file overrides all of these per path.
 */
import type { Git } from '../git/run-git.js';

/** At most this many commits are read per patch (newest first). */
export const HISTORY_DEPTH = 200;

const COMPONENT = '[A-Za-z0-9_][A-Za-z0-9_./+,-]*';
const PREFIX_RE = new RegExp(`^((?:${COMPONENT}: ){1,4})(?=\\S)`);
const IGNORED = /^(?:Merge\b|Revert\b|Reapply\b|Linux \d|treewide:|tree-wide:|all:)/i;

/** The prefix of one subject, with its trailing space ("net: e1000e: "), if it has one. */
export function prefixOfSubject(subject: string): string | undefined {
  const s = subject.trim();
  if (IGNORED.test(s)) return undefined;
  const m = PREFIX_RE.exec(s);
  if (!m) return undefined;
  const prefix = m[1]!;
  return prefix.length <= 48 ? prefix.trimEnd() : undefined;
}

/** The most common prefix (ties: the one seen first, i.e. most recently). */
export function mostCommonPrefix(subjects: readonly string[]): string | undefined {
  const counts = new Map<string, number>();
  for (const s of subjects) {
    const p = prefixOfSubject(s);
    if (p) counts.set(p, (counts.get(p) ?? 0) + 1);
  }
  let best: string | undefined;
  let bestCount = 0;
  for (const [p, n] of counts) {
    if (n > bestCount) {
      best = p;
      bestCount = n;
    }
  }
  return best;
}

/**
 * Subject prefixes of common subsystems, as their own histories write them.
 * The most specific matching path wins ("*" matches one component, e.g. a
 * vendor directory); `{1}` is the next path component after the match (a
 * driver's directory or, without the extension, its file).
 */
export const PREFIX_TABLE: readonly (readonly [string, string])[] = [
  ['arch/alpha/', 'alpha:'],
  ['arch/arc/', 'ARC:'],
  ['arch/arm/', 'ARM:'],
  ['arch/arm64/', 'arm64:'],
  ['arch/csky/', 'csky:'],
  ['arch/loongarch/', 'LoongArch:'],
  ['arch/m68k/', 'm68k:'],
  ['arch/microblaze/', 'microblaze:'],
  ['arch/mips/', 'MIPS:'],
  ['arch/parisc/', 'parisc:'],
  ['arch/powerpc/', 'powerpc:'],
  ['arch/powerpc/platforms/', 'powerpc/{1}:'],
  ['arch/powerpc/kernel/iommu.c', 'powerpc/iommu:'],
  ['arch/riscv/', 'riscv:'],
  ['arch/s390/', 's390/{1}:'],
  ['arch/sh/', 'sh:'],
  ['arch/sparc/', 'sparc:'],
  ['arch/sparc/kernel/', 'sparc64:'],
  ['arch/um/', 'um:'],
  ['arch/x86/', 'x86/{1}:'],
  ['arch/x86/kernel/amd_gart_64.c', 'x86/gart:'],
  ['arch/x86/kernel/', 'x86:'],
  ['arch/x86/kvm/', 'KVM: x86:'],
  ['arch/xtensa/', 'xtensa:'],
  ['block/', 'block:'],
  ['crypto/', 'crypto: {1} -'],
  ['drivers/accel/', 'accel/{1}:'],
  ['drivers/ata/', 'ata: {1}:'],
  ['drivers/block/', '{1}:'],
  ['drivers/bus/mhi/', 'bus: mhi:'],
  ['drivers/char/hw_random/', 'hwrng: {1} -'],
  ['drivers/crypto/', 'crypto: {1} -'],
  ['drivers/dma/', 'dmaengine: {1}:'],
  ['drivers/edac/', 'EDAC/{1}:'],
  ['drivers/firewire/', 'firewire: {1}:'],
  ['drivers/gpu/drm/', 'drm/{1}:'],
  ['drivers/gpu/drm/i915/gvt/', 'drm/i915/gvt:'],
  ['drivers/hwtracing/coresight/', 'coresight:'],
  ['drivers/infiniband/core/', 'RDMA/core:'],
  ['drivers/infiniband/hw/', 'RDMA/{1}:'],
  ['drivers/infiniband/sw/', 'RDMA/{1}:'],
  ['drivers/infiniband/ulp/', 'RDMA/{1}:'],
  ['drivers/iommu/', 'iommu/{1}:'],
  ['drivers/iommu/intel/', 'iommu/vt-d:'],
  ['drivers/md/', 'md:'],
  ['drivers/media/', 'media: {1}:'],
  ['drivers/media/pci/', 'media: {1}:'],
  ['drivers/media/platform/', 'media: {1}:'],
  ['drivers/media/platform/*/', 'media: {1}:'],
  ['drivers/media/usb/', 'media: {1}:'],
  ['drivers/media/common/videobuf2/', 'media: videobuf2:'],
  ['drivers/memstick/host/', 'memstick: {1}:'],
  ['drivers/misc/', 'misc: {1}:'],
  ['drivers/mmc/host/', 'mmc: {1}:'],
  ['drivers/mtd/', 'mtd: {1}:'],
  ['drivers/mtd/nand/raw/', 'mtd: rawnand: {1}:'],
  ['drivers/net/', 'net: {1}:'],
  ['drivers/net/ethernet/', 'net: {1}:'],
  ['drivers/net/ethernet/*/', 'net: {1}:'],
  ['drivers/net/ethernet/intel/', '{1}:'],
  ['drivers/net/ethernet/mellanox/', 'net/{1}:'],
  ['drivers/net/ethernet/stmicro/stmmac/', 'net: stmmac:'],
  ['drivers/net/wireless/', 'wifi: {1}:'],
  ['drivers/net/wireless/*/', 'wifi: {1}:'],
  ['drivers/net/wwan/', 'net: wwan: {1}:'],
  ['drivers/nvme/host/', 'nvme:'],
  ['drivers/nvme/target/', 'nvmet:'],
  ['drivers/ntb/', 'ntb: {1}:'],
  ['drivers/pci/', 'PCI: {1}:'],
  ['drivers/platform/x86/', 'platform/x86: {1}:'],
  ['drivers/remoteproc/', 'remoteproc: {1}:'],
  ['drivers/s390/', 's390/{1}:'],
  ['drivers/scsi/', 'scsi: {1}:'],
  ['drivers/soc/', 'soc: {1}:'],
  ['drivers/spi/', 'spi: {1}:'],
  ['drivers/staging/', 'staging: {1}:'],
  ['drivers/target/', 'scsi: target:'],
  ['drivers/tty/serial/', 'serial: {1}:'],
  ['drivers/usb/', 'usb: {1}:'],
  ['drivers/vdpa/', 'vdpa: {1}:'],
  ['drivers/vfio/', 'vfio/{1}:'],
  ['drivers/virtio/', 'virtio: {1}:'],
  ['drivers/xen/', 'xen: {1}:'],
  ['drivers/xen/swiotlb-xen.c', 'xen/swiotlb:'],
  ['fs/', '{1}:'],
  ['fs/dax.c', 'fsdax:'],
  ['fs/nfs/', 'NFS:'],
  ['fs/smb/client/', 'smb: client:'],
  ['fs/smb/server/', 'ksmbd:'],
  ['include/linux/blkdev.h', 'block:'],
  ['include/linux/bvec.h', 'block:'],
  ['include/linux/highmem.h', 'highmem:'],
  ['include/linux/skbuff.h', 'net:'],
  ['kernel/dma/', 'dma-mapping:'],
  ['kernel/dma/swiotlb.c', 'swiotlb:'],
  ['lib/', 'lib/{1}:'],
  ['mm/', 'mm/{1}:'],
  ['net/', 'net: {1}:'],
  ['net/ceph/', 'libceph:'],
  ['net/core/', 'net:'],
  ['net/sunrpc/', 'SUNRPC:'],
  ['sound/', 'ALSA: {1}:'],
];

/** How many path components `pattern` matches at the start of `file` ("*" matches one component), or -1. */
function matchLength(pattern: string, file: string): number {
  const dirOnly = pattern.endsWith('/');
  const want = pattern.split('/').filter(Boolean);
  const have = file.split('/').filter(Boolean);
  if (have.length < want.length || (dirOnly && have.length === want.length)) return -1;
  for (let i = 0; i < want.length; i++) if (want[i] !== '*' && want[i] !== have[i]) return -1;
  return want.length;
}

/** A prefix table or map entry matching `file` (the most specific: most components, then fewest wildcards), filled in. */
export function tablePrefix(file: string, table: readonly (readonly [string, string])[] = PREFIX_TABLE): string | undefined {
  let best: { to: string; n: number; wild: number } | undefined;
  for (const [from, to] of table) {
    const n = matchLength(from, file);
    if (n < 0) continue;
    const wild = from.split('/').filter((c) => c === '*').length;
    if (!best || n > best.n || (n === best.n && wild < best.wild)) best = { to, n, wild };
  }
  if (!best) return undefined;
  if (!best.to.includes('{1}')) return best.to;
  const rest = file.split('/').filter(Boolean).slice(best.n);
  const next = rest[0];
  if (!next) return undefined;
  // A file right under the prefix is named without its extension ("mm/zsmalloc.c" → "mm/zsmalloc:").
  const name = rest.length === 1 ? next.replace(/\.[ch]$/, '') : next;
  return best.to.replace('{1}', name);
}

/**
 * A `--prefix-map` file: one `PATH PREFIX...` per line (the path a file or a
 * directory ending in "/", the rest of the line the subject prefix), `#`
 * comments and blank lines ignored. Returns the entries, or throws with the
 * line that does not parse.
 */
export function parsePrefixMap(text: string): [string, string][] {
  const out: [string, string][] = [];
  for (const [i, raw] of text.split('\n').entries()) {
    const line = raw.replace(/#.*/, '').trim();
    if (line === '') continue;
    const m = /^(\S+)\s+(\S.*)$/.exec(line);
    if (!m) throw new Error(`line ${i + 1}: expected "PATH PREFIX", got "${raw.trim()}"`);
    out.push([m[1]!.replace(/^\.\//, ''), m[2]!.trim()]);
  }
  return out;
}

/**
 * Last resort, from a directory: the driver directory's own name
 * ("drivers/net/ethernet/foo" → "foo:"), or "treewide:" at the top.
 */
export function pathPrefix(dir: string): string {
  const parts = dir.split('/').filter((p) => p !== '' && p !== '.');
  return parts.length === 0 ? 'treewide:' : `${parts[parts.length - 1]!.replace(/\.[ch]$/, '')}:`;
}

export interface LearnedPrefix {
  readonly prefix: string;
  readonly source: 'map' | 'history' | 'table' | 'path';
}

/**
 * The prefix of a patch touching `files` (repository paths; `treeFiles`
 * the same relative to the kernel tree, for the table): the user's
 * `--prefix-map` first, then the files' git history (when there is one),
 * then the built-in table, then the directory's name (`named`).
 */
export function learnPrefix(git: Git | undefined, files: readonly string[], named: string, treeFiles: readonly string[] = files, map: readonly (readonly [string, string])[] = []): LearnedPrefix {
  const first = treeFiles[0] ?? named;
  const mapped = map.length > 0 ? tablePrefix(first, map) : undefined;
  if (mapped) return { prefix: mapped, source: 'map' };
  if (git) {
    const log = git.text(['log', '--no-merges', `-n${HISTORY_DEPTH}`, '--format=%s', 'HEAD', '--', ...files.map((f) => `:(literal)${f}`)]);
    const prefix = mostCommonPrefix(log.split('\n').filter(Boolean));
    if (prefix) return { prefix, source: 'history' };
  }
  const table = tablePrefix(first);
  if (table) return { prefix: table, source: 'table' };
  return { prefix: pathPrefix(named), source: 'path' };
}
