/**
 * The run-level half of map/unmap pairing (partners.ts does one file): a
 * handle kept in a struct field is often mapped in one file of a driver and
 * unmapped in another (ice_txrx.c and ice_txrx_lib.c). Findings carry their
 * handle keys (field keys `F:<directory>:<field>` shared by a directory's
 * files, the others prefixed with their file); sites of different files
 * sharing a key convert together or not at all. Returns, per file, the converted sites to
 * keep on the page API with the partner that keeps them.
 */
import type { Finding as SiteFinding } from '../../core/types.js';
import { PARTNER_REASONS } from './partners.js';

export interface PairedFile {
  readonly path: string;
  readonly findings: readonly SiteFinding[];
}

export interface KeptSite {
  readonly reason: 'partner-kept' | 'shared-header';
  readonly message: string;
}

/** File path → (start of the site's API name → why it keeps the old API). */
export type KeepPlan = Map<string, Map<number, KeptSite>>;

export function crossFilePartners(files: readonly PairedFile[]): KeepPlan {
  const byKey = new Map<string, { path: string; f: SiteFinding }[]>();
  for (const file of files) {
    for (const f of file.findings) {
      if (!f.handle) continue;
      for (const k of f.handle.keys) (byKey.get(k) ?? byKey.set(k, []).get(k)!).push({ path: file.path, f });
    }
  }
  // Union the keys that one finding holds together, then judge each group.
  const parent = new Map<string, string>();
  const find = (k: string): string => {
    let r = k;
    while (parent.has(r) && parent.get(r) !== r) r = parent.get(r)!;
    return r;
  };
  for (const k of byKey.keys()) parent.set(k, k);
  for (const members of byKey.values()) {
    for (const { f } of members) {
      const keys = f.handle!.keys;
      for (let i = 1; i < keys.length; i++) {
        const a = find(keys[0]!);
        const b = find(keys[i]!);
        if (a !== b) parent.set(a, b);
      }
    }
  }
  const groups = new Map<string, Map<SiteFinding, string>>();
  for (const [k, members] of byKey) {
    const g = find(k);
    const group = groups.get(g) ?? groups.set(g, new Map()).get(g)!;
    for (const m of members) group.set(m.f, m.path);
  }
  const keep: KeepPlan = new Map();
  for (const group of groups.values()) {
    const paths = new Set(group.values());
    if (paths.size < 2) continue;
    const blocker = [...group].find(([f]) => f.status !== 'convert');
    if (!blocker) continue;
    const [bf, bpath] = blocker;
    const message = `${PARTNER_REASONS['partner-kept']}: ${bf.api}() at ${bpath}:${bf.line} (${bf.status} ${bf.reason})`;
    for (const [f, path] of group) {
      if (f.status !== 'convert') continue;
      (keep.get(path) ?? keep.set(path, new Map()).get(path)!).set(f.range.start, { reason: 'partner-kept', message });
    }
  }
  return keep;
}


const DMA_RULES = new Set(['dma-map-page-to-phys', 'dma-map-resource-to-phys']);

/**
 * With --include-headers: a header's DMA rewrite reaches every file that
 * includes it, so it is withdrawn when a file of the run that includes it had
 * a DMA site refused (a non-GPL module, device memory...): the header would
 * otherwise convert what that file's refusal kept. `read` gives a file's text.
 */
export function refusedIncluders(files: readonly (PairedFile & { readonly absPath: string })[], read: (absPath: string) => string | undefined): KeepPlan {
  const keep: KeepPlan = new Map();
  const headers = files.filter((f) => f.path.endsWith('.h') && f.findings.some((x) => DMA_RULES.has(x.ruleId) && x.status === 'convert'));
  if (headers.length === 0) return keep;
  const refused = files.filter((f) => f.findings.some((x) => DMA_RULES.has(x.ruleId) && x.status === 'review'));
  for (const file of refused) {
    const text = read(file.absPath);
    if (!text) continue;
    const dir = file.path.includes('/') ? file.path.slice(0, file.path.lastIndexOf('/') + 1) : '';
    for (const m of text.matchAll(/^[ \t]*#[ \t]*include[ \t]*[<"]([^>"]+)[>"]/gm)) {
      const inc = m[1]!;
      for (const h of headers) {
        if (!(h.path === `${dir}${inc}` || h.path.endsWith(`/${inc}`) || h.path === inc)) continue;
        const why = file.findings.find((x) => DMA_RULES.has(x.ruleId) && x.status === 'review')!;
        const message = `the header is shared: ${file.path}, which includes it, had ${why.api}() at line ${why.line} refused (${why.reason}), and rewriting the header would convert that file's calls through it`;
        for (const x of h.findings) {
          if (DMA_RULES.has(x.ruleId) && x.status === 'convert') (keep.get(h.path) ?? keep.set(h.path, new Map()).get(h.path)!).set(x.range.start, { reason: 'shared-header', message });
        }
      }
    }
  }
  return keep;
}
