/**
 * Refusals shared by the rules that introduce dma_map_phys (reference §1.3,
 * §1.6): it is EXPORT_SYMBOL_GPL, and a page that may be ZONE_DEVICE/P2P
 * memory needs a human to decide DMA_ATTR_MMIO.
 */
import type { FileFacts, RuleContext } from '../../core/rule.js';
import type { SyntaxNode } from '../../core/syntax.js';
import type { DmaHandle, SiteStatus, TextEdit } from '../../core/types.js';
import { parseProblemAt } from '../../engine/analyze/parse-errors.js';
import { commentsNaming, staleCommentTodo } from '../../engine/analyze/comments.js';
import { enclosingFunction } from '../../engine/analyze/flow/locals.js';
import { functionName } from '../../engine/analyze/syntax.js';

export const DMA_REFUSAL_REASONS = {
  'non-gpl-module': 'the file is part of a module whose MODULE_LICENSE is not GPL-compatible; dma_map_phys()/dma_unmap_phys() are EXPORT_SYMBOL_GPL, so the page/resource API (EXPORT_SYMBOL) must stay',
  'license-unknown': 'the module\'s MODULE_LICENSE is not a string literal, so GPL compatibility (needed by dma_map_phys) cannot be decided',
  'maybe-device-memory': 'the file handles ZONE_DEVICE/P2PDMA pages: dma_map_phys() skips the page wrapper\'s ZONE_DEVICE check and P2P memory may need DMA_ATTR_MMIO, a human decision',
  'near-parse-error': 'the site is in or next to code tree-sitter could not parse, so the rewrite is not attempted',
  'shared-header':
    'the call is in a header (an inline function or macro): rewriting it changes the export class of every includer and bypasses their refusals; pass --include-headers to rewrite headers',
} as const;

/** A site in a header, unless the run opts in (`--include-headers`). */
export function headerRefusal(path: string, facts: FileFacts): Refusal | undefined {
  return path.endsWith('.h') && !facts.includeHeaders ? { reason: 'shared-header' } : undefined;
}

export interface Refusal {
  readonly reason: keyof typeof DMA_REFUSAL_REASONS;
  readonly message?: string;
}

/** File-level refusals (licence, device memory). */
export function fileRefusal(facts: FileFacts): Refusal | undefined {
  const { license } = facts;
  if (license.kind === 'non-gpl') {
    return { reason: 'non-gpl-module', message: `${DMA_REFUSAL_REASONS['non-gpl-module']} (MODULE_LICENSE("${license.license}") in ${license.where})` };
  }
  if (license.kind === 'unknown') {
    return { reason: 'license-unknown', message: `${DMA_REFUSAL_REASONS['license-unknown']} (MODULE_LICENSE(${license.license}) in ${license.where})` };
  }
  if (mentionsDevicePages(facts)) return { reason: 'maybe-device-memory' };
  return undefined;
}

/** ZONE_DEVICE/P2PDMA memory named in a file: its pages may need DMA_ATTR_MMIO. */
const DEVICE_PAGES_RE = /\b(?:is_zone_device_page|is_pci_p2pdma_page|pci_p2pdma_\w+|ZONE_DEVICE|MEMORY_DEVICE_\w+|dev_pagemap|is_device_private_page)\b/;

/** Does the file mention ZONE_DEVICE/P2PDMA memory (pages that may need DMA_ATTR_MMIO)? Read once per file. */
export function mentionsDevicePages(facts: FileFacts): boolean {
  return facts.memo('dma:mentions-device-pages', () => DEVICE_PAGES_RE.test(facts.text));
}

/** Site-level refusals that do not depend on the rule. */
export function siteRefusal(api: SyntaxNode): Refusal | undefined {
  const problem = parseProblemAt(api);
  return problem === 'near-parse-error' || problem === 'parse-error' ? { reason: 'near-parse-error' } : undefined;
}

export interface PendingSite {
  readonly api: SyntaxNode;
  status: SiteStatus;
  reason: string;
  message?: string;
  fixEdits?: TextEdit[];
  /** Handle keys other files may share (fields), for the run's cross-file pairing. */
  shared?: DmaHandle;
  /** Notes for the patch's message besides the rule's own (how the new argument was derived). */
  notes?: string[];
}

/**
 * Report the sites; the engine withdraws the converts if any is refused
 * (allOrNothingPerFile). A converted site whose function (or the comment
 * block above it) has a comment naming a replaced function (`oldNames`,
 * e.g. "dma_map_page() the buffer") gets a to-do: the comment may now be
 * stale, and comments are prose a human rewrites, never the tool.
 */
export function reportSites(ctx: RuleContext, sites: readonly PendingSite[], note: string, oldNames?: RegExp): void {
  for (const s of sites) {
    const fixId = s.status === 'convert' && s.fixEdits ? ctx.addFix(s.fixEdits, [note, ...(s.notes ?? [])]) : undefined;
    const todo = fixId !== undefined && oldNames ? staleCommentTodos(s.api, oldNames) : [];
    ctx.report({ api: s.api.text, at: s.api, status: s.status, reason: s.reason, ...(fixId !== undefined ? { fixId } : {}), ...(s.message ? { message: s.message } : {}), ...(s.shared ? { handle: s.shared } : {}), ...(todo.length > 0 ? { todo } : {}) });
  }
}

function staleCommentTodos(api: SyntaxNode, oldNames: RegExp): string[] {
  const stale = commentsNaming(api, oldNames);
  if (stale.length === 0) return [];
  const all = new RegExp(oldNames.source, oldNames.flags.includes('g') ? oldNames.flags : `${oldNames.flags}g`);
  const named = [...new Set(stale.flatMap((c) => c.text.match(all) ?? []))].map((n) => `${n}()`);
  const fn = enclosingFunction(api);
  return [staleCommentTodo((fn && functionName(fn)) ?? '(function)', stale, named.join(', '))];
}

/**
 * The handle's keys as a finding carries them for the run: field keys as they
 * are (other files of the directory may share them), file-local keys (locals,
 * parameters, globals) prefixed with the file's path.
 */
export function sharedKeys(role: DmaHandle['role'], keys: readonly string[], path: string): { shared?: DmaHandle } {
  if (keys.length === 0) return {};
  return { shared: { role, keys: keys.map((k) => (/^R?F:/.test(k) ? k : `${path}#${k}`)) } };
}
