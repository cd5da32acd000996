/**
 * Maps and unmaps of one handle convert together or not at all, in every
 * policy (reference §5). Within a file: the sites whose handles share a key
 * (handles.ts) form a group; one member left on the page API (refused, kept
 * by the policy, or a helper the tool never converts, such as
 * skb_frag_dma_map()) keeps the others with it as `partner-kept`, naming it.
 * Across files the same is done by `crossFilePartners` (cross-file.ts) on the
 * field keys each finding carries.
 */
import type { DmaPolicy } from '../../core/rule.js';
import type { SyntaxNode } from '../../core/syntax.js';
import type { HandleKeys } from './handles.js';
import type { PendingSite } from './refusals.js';

export const PARTNER_REASONS = {
  'page-api-kept':
    'kept on the page API by the upstream policy (--policy upstream, the default): upstream converts a call only where the caller already holds the address the page was built from; the page API is not deprecated (--policy all converts it)',
  'partner-kept':
    'a map and its unmaps stay on one API: a partner of this handle (named in the message) stays on the page API, so this site does too',
} as const;

export interface HandleSite extends PendingSite {
  readonly role: 'map' | 'unmap';
  readonly handle: HandleKeys;
}

export interface KeptProducer {
  readonly call: SyntaxNode;
  readonly keys: readonly string[];
}

function lineOf(node: SyntaxNode): number {
  return node.startPosition.row + 1;
}

/** Decide, within one file, which converts keep their partners' API. Mutates the sites. */
export function pairInFile(path: string, sites: readonly HandleSite[], producers: readonly KeptProducer[], policy: DmaPolicy): void {
  const parent = new Map<string, string>();
  const find = (k: string): string => {
    let r = k;
    while (parent.get(r) !== r && parent.has(r)) r = parent.get(r)!;
    parent.set(k, r);
    return r;
  };
  const union = (a: string, b: string) => {
    if (!parent.has(a)) parent.set(a, a);
    if (!parent.has(b)) parent.set(b, b);
    const ra = find(a);
    const rb = find(b);
    if (ra !== rb) parent.set(ra, rb);
  };
  const members: { node: SyntaxNode; site?: HandleSite; keys: readonly string[] }[] = [
    ...sites.map((s) => ({ node: s.api, site: s, keys: s.handle.keys })),
    ...producers.map((p) => ({ node: p.call, keys: p.keys })),
  ];
  members.forEach((m, i) => {
    const self = `#${i}`;
    union(self, self);
    for (const k of m.keys) union(self, k);
  });
  const groups = new Map<string, typeof members>();
  members.forEach((m, i) => {
    const g = find(`#${i}`);
    (groups.get(g) ?? groups.set(g, []).get(g)!).push(m);
  });
  // An unmap of the page family left alone whose handle leads to no map of the file may be the
  // partner of any map here whose unmap was not found: such a map is not converted under upstream.
  const orphan = [...groups.values()].flatMap((g) => (g.some((m) => m.site?.role === 'map' || !m.site) ? [] : g.filter((m) => m.site?.role === 'unmap')))[0];
  for (const group of groups.values()) {
    const lone = policy === 'upstream' && orphan && !group.some((m) => m.site?.role === 'unmap');
    const blocker = group.find((m) => !m.site || m.site.status !== 'convert');
    const converts = group.filter((m) => m.site?.status === 'convert');
    if (converts.length === 0) continue;
    if (!blocker && lone) {
      const what = `no unmap of this handle was found, and ${orphan.node.text}() at ${path}:${lineOf(orphan.node)} unmaps a handle that could not be followed to its map`;
      for (const m of converts) keep(m.site!, 'partner-kept', `${PARTNER_REASONS['partner-kept']}: ${what}`);
      continue;
    }
    if (blocker) {
      const what = blocker.site
        ? `${blocker.node.text}() at ${path}:${lineOf(blocker.node)} (${blocker.site.status} ${blocker.site.reason})`
        : `${blocker.node.childForFieldName('function')?.text ?? 'a helper'}() at ${path}:${lineOf(blocker.node)}, a helper the tool does not convert`;
      for (const m of converts) keep(m.site!, 'partner-kept', `${PARTNER_REASONS['partner-kept']}: ${what}`);
      continue;
    }
    if (policy === 'upstream' && !group.some((m) => m.site?.role === 'map')) {
      for (const m of converts) keep(m.site!, 'page-api-kept', `${PARTNER_REASONS['page-api-kept']}; no map of this handle in the file converts`);
    }
  }
}

function keep(site: HandleSite, reason: keyof typeof PARTNER_REASONS, message: string): void {
  site.status = 'skip';
  site.reason = reason;
  site.message = message;
  delete site.fixEdits;
}
