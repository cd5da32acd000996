/**
 * Everything that happens to one file: read, prefilter, parse, plan, apply
 * (in passes, for fixes deferred by a conflict), and re-parse to check the
 * output. Returns plain data; writing is the output stage's job.
 */
import type { FileOutcome, ModelReport, SiteFinding, TextEncoding } from '../../core/outcome.js';
import type { LicenseInfo } from '../../core/license.js';
import type { FileFacts } from '../../core/rule.js';
import type { Range } from '../../core/range.js';
import type { Tree } from '../../core/syntax.js';
import type { TargetInfo } from '../../core/target.js';
import { setAside, type Diagnostic, type Fix, type TextEdit } from '../../core/types.js';
import { applyFixes, mapBack } from '../apply/index.js';
import { LicenseResolver } from '../discover/module-license.js';
import type { LoadedRule } from '../match/index.js';
import { changedRanges, countErrorNodes, type CParser, type NormaliseOptions } from '../parse/index.js';
import { ENGINE_REASONS, planFile, type FilePlan } from '../plan/index.js';
import { countWholeWords, type KeywordScanner } from '../prefilter/index.js';
import { SourceReader } from './read-source.js';
import { verifyFixes } from './verify-fixes.js';

/** Files above this size that mention an API are reported, not parsed. */
export const MAX_PARSE_BYTES = 16 * 1024 * 1024;
/** Files above this size are not even read (no C source comes near it). */
export const MAX_READ_BYTES = 256 * 1024 * 1024;
/** Passes for fixes deferred by a conflict (ESLint uses 10; two suffice for our rules). */
export const MAX_FIX_PASSES = 4;

/** Paths (relative to a kernel tree root) that implement the APIs themselves. */
export const API_IMPLEMENTATION_FILES = new Set([
  'include/linux/dma-mapping.h',
  'kernel/dma/mapping.c',
  'include/linux/highmem.h',
  'include/linux/highmem-internal.h',
  'mm/highmem.c',
]);

const DEVICE_PAGES_RE = /\b(?:is_zone_device_page|is_pci_p2pdma_page|pci_p2pdma_\w+|ZONE_DEVICE|MEMORY_DEVICE_\w+|dev_pagemap|is_device_private_page)\b/;

export interface FileJob {
  readonly absPath: string;
  readonly path: string;
  /** Path relative to the kernel tree root, when inside one. */
  readonly treePath?: string;
  /** The content to process instead of reading `absPath` (a staged or committed version). */
  readonly bytes?: Buffer;
}

export interface ProcessContext {
  readonly parser: CParser;
  readonly rules: readonly LoadedRule[];
  readonly scanner: KeywordScanner;
  readonly target: TargetInfo;
  readonly licenses: LicenseResolver;
  /** Skip the byte prefilter (to test that it never changes the output). */
  readonly noPrefilter?: boolean;
  /** Iterator macros of the tree (its .clang-format ForEachMacros); the normaliser's built-in list when absent. */
  readonly forEachMacros?: ReadonlySet<string>;
  /** Accounting run (`scan --stats`): count occurrences in the raw bytes and measure parse health before normalisation too. */
  readonly accounting?: boolean;
  /** Reads files through a reused buffer (one per context); a fresh buffer per file when absent. */
  readonly reader?: SourceReader;
  /** Do not run the behaviour model on the rewrites (write what the rules produce). */
  readonly noVerify?: boolean;
}

export function decodeSource(bytes: Buffer): { text: string; encoding: TextEncoding } {
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'utf8' };
  } catch {
    // Not UTF-8: Latin-1 maps every byte to one code unit, so the file round-trips byte for byte.
    return { text: bytes.toString('latin1'), encoding: 'latin1' };
  }
}

export function processFile(job: FileJob, ctx: ProcessContext): FileOutcome {
  const diagnostics: Diagnostic[] = [];
  let wordCounts: Record<string, number> | undefined;
  const empty = (candidate: boolean, encoding: TextEncoding = 'utf8'): FileOutcome => ({
    ...(wordCounts ? { wordCounts } : {}),
    path: job.path,
    absPath: job.absPath,
    candidate,
    findings: [],
    occurrences: [],
    diagnostics,
    applied: [],
    encoding,
  });
  let bytes: Buffer;
  let stamp: { size: number; mtimeMs: number };
  try {
    const read = job.bytes
      ? { bytes: job.bytes, size: job.bytes.length, mtimeMs: 0, tooLarge: job.bytes.length > MAX_READ_BYTES }
      : (ctx.reader ?? new SourceReader(0)).read(job.absPath, MAX_READ_BYTES);
    stamp = { size: read.size, mtimeMs: read.mtimeMs };
    if (read.tooLarge) {
      // Not read, so it may hold sites: an error, so the run does not pass as "nothing to do".
      diagnostics.push({ path: job.path, severity: 'error', code: 'too-large', message: `${(read.size / 1048576).toFixed(1)} MiB is over the ${MAX_READ_BYTES / 1048576} MiB read limit; not processed` });
      return empty(false);
    }
    bytes = read.bytes;
  } catch (err) {
    diagnostics.push({ path: job.path, severity: 'error', code: 'unreadable', message: `cannot read: ${(err as NodeJS.ErrnoException).code ?? String(err)}` });
    return empty(false);
  }
  if (!ctx.noPrefilter && !ctx.scanner.mayContain(bytes)) return empty(false);
  // The bytes may be the reader's reused buffer: they are only read below, up to the decoding into a string.
  if (ctx.accounting) wordCounts = countWholeWords(bytes, ctx.scanner.identifiers);
  if (bytes.length > MAX_PARSE_BYTES) {
    // It names the APIs (the prefilter said so) but is not parsed: an error, never "0 mention the APIs" and exit 0.
    diagnostics.push({ path: job.path, severity: 'error', code: 'too-large', message: `${(bytes.length / 1048576).toFixed(1)} MiB is over the ${MAX_PARSE_BYTES / 1048576} MiB parse limit but names a migrated API; not processed` });
    return empty(true);
  }
  if (bytes.subarray(0, 8192).includes(0)) {
    diagnostics.push({ path: job.path, severity: 'warning', code: 'binary', message: 'contains NUL bytes: not a C source; not processed' });
    return empty(false);
  }
  const { text, encoding } = decodeSource(bytes);
  if (encoding === 'latin1') {
    diagnostics.push({ path: job.path, severity: 'info', code: 'not-utf8', message: 'not valid UTF-8: processed byte for byte as Latin-1' });
  }
  if (text.includes('\r\n')) {
    diagnostics.push({ path: job.path, severity: 'info', code: 'crlf', message: 'CRLF line endings: rewritten lines keep them' });
  }
  // Computed when a rule first asks: most candidates hold no site that needs them.
  let license: LicenseInfo | undefined;
  let mentionsDevicePages: boolean | undefined;
  const facts: FileFacts = {
    get license() {
      return (license ??= ctx.licenses.resolve(job.absPath, text));
    },
    target: ctx.target,
    get mentionsDevicePages() {
      return (mentionsDevicePages ??= DEVICE_PAGES_RE.test(text));
    },
  };

  let plan: FilePlan;
  try {
    plan = planFile({ path: job.path, text, facts, normalise: normaliseOptions(ctx), measureRawHealth: ctx.accounting ?? false }, ctx.rules, ctx.parser, ctx.scanner);
  } catch (err) {
    diagnostics.push({ path: job.path, severity: 'error', code: 'rule-failed', message: `internal error while planning: ${(err as Error).stack ?? String(err)}` });
    return { ...empty(true, encoding), stamp };
  }
  const findings = plan.findings as SiteFinding[];
  if (job.treePath !== undefined && API_IMPLEMENTATION_FILES.has(job.treePath)) {
    for (const f of findings) setAside(f, 'skip', 'api-implementation', 'this file implements the API itself');
    return { ...empty(true, encoding), findings, occurrences: plan.occurrences, stamp, ...(plan.health ? { health: plan.health } : {}) };
  }
  const before = plan.tree ? countErrorNodes(plan.tree.rootNode) : 0;
  const result = applyInPasses(text, plan, ctx, job.path, facts);
  let { output, applied } = result;

  // Re-parse: a rewrite must not add ERROR or MISSING nodes. Withdraw the fixes that do.
  let after = before;
  const verify = !ctx.noVerify && plan.tree !== undefined;
  let outputTree: Tree | undefined;
  if (applied.length > 0) {
    if (verify) {
      // The behaviour model compares the plan's tree with the output's, parsed the same way.
      outputTree = parseLike(ctx, plan, text, output);
      after = countErrorNodes(outputTree.rootNode);
    } else {
      // The plan's tree is not used after this point: re-parse incrementally from it.
      after = plan.parse ? countErrorNodes(ctx.parser.reparseNormalised(plan.parse, output, normaliseOptions(ctx), focusOf(ctx, text, output, plan.wholeFile)).rootNode) : reparse(ctx, plan.wholeFile, text, output);
    }
    if (after > before && result.passes > 1) {
      // Later-pass fixes are in intermediate coordinates: withdraw them all.
      diagnostics.push({ path: job.path, severity: 'error', code: 'output-parse-errors', message: `rewritten text has ${after - before} more parse errors; file left unchanged` });
      withdraw(findings, new Set(applied.map((a) => a.id)), 'new-parse-errors');
      output = text;
      applied = [];
      after = before;
    } else if (after > before) {
      const bad = applied.filter((fix) => reparse(ctx, plan.wholeFile, text, applyFixes(text, [fix]).text) > before);
      const keep = applied.filter((fix) => !bad.includes(fix));
      const redo = applyFixes(text, keep);
      output = redo.text;
      applied = [...redo.applied];
      outputTree = parseLike(ctx, plan, text, output);
      after = countErrorNodes(outputTree.rootNode);
      withdraw(findings, new Set(bad.map((b) => b.id)), 'new-parse-errors');
      if (after > before) {
        diagnostics.push({ path: job.path, severity: 'error', code: 'output-parse-errors', message: `rewritten text has ${after - before} more parse errors; file left unchanged` });
        withdraw(findings, new Set(applied.map((a) => a.id)), 'new-parse-errors');
        output = text;
        applied = [];
        after = before;
      }
    }
  }
  // The behaviour model: fixes of functions it rejects or cannot judge are withdrawn.
  let model: ModelReport | undefined;
  if (applied.length > 0 && verify && plan.tree) {
    try {
      const v = verifyFixes({
        text,
        output,
        applied,
        firstPass: new Set(plan.fixes.map((f) => f.id)),
        passes: result.passes,
        findings,
        rules: ctx.rules,
        parse: (t) => parseLike(ctx, plan, text, t),
        parseMacroBody: (t, directive, start, end) => ctx.parser.parseMacroBody(t, directive, start, end, normaliseOptions(ctx)),
        oldTree: plan.tree,
        ...(outputTree && output === result.output ? { newTree: outputTree } : {}),
      });
      if (v.output !== output) after = v.output === text ? before : reparse(ctx, plan.wholeFile, text, v.output);
      output = v.output;
      applied = v.applied;
      model = v.report;
    } catch (err) {
      // A bug in the model: nothing of this file is written unverified.
      diagnostics.push({ path: job.path, severity: 'error', code: 'model-failed', message: `internal error in the behaviour model; the file is left unchanged: ${(err as Error).stack ?? String(err)}` });
      withdraw(findings, new Set(applied.map((a) => a.id)), 'model-unjudged');
      output = text;
      applied = [];
      after = before;
    }
  }
  const appliedIds = new Set(applied.map((a) => a.id));
  withdraw(findings, new Set(findings.filter((f) => f.status === 'convert' && f.fixId !== undefined && !appliedIds.has(f.fixId)).map((f) => f.fixId!)), 'conflict');
  const changed = output !== text;
  return {
    path: job.path,
    absPath: job.absPath,
    candidate: true,
    findings,
    occurrences: plan.occurrences,
    diagnostics,
    applied,
    encoding,
    stamp,
    errorNodes: { before, after },
    ...(model ? { model } : {}),
    ...(plan.health ? { health: plan.health } : {}),
    ...(wordCounts ? { wordCounts } : {}),
    ...(changed ? { original: text, output } : {}),
  };
}

function normaliseOptions(ctx: ProcessContext): NormaliseOptions {
  return ctx.forEachMacros ? { forEachMacros: ctx.forEachMacros } : {};
}

/**
 * ERROR/MISSING nodes of a rewritten text, parsed the way the input was: the
 * top-level items holding an API name or a change (the input's items with
 * sites hold the changes).
 */
function reparse(ctx: ProcessContext, wholeFile: boolean | undefined, original: string, text: string): number {
  return countErrorNodes(ctx.parser.parseKernel(text, normaliseOptions(ctx), focusOf(ctx, original, text, wholeFile)).tree.rootNode);
}

/**
 * A rewritten text parsed the way the input was, for the behaviour model: a
 * new tree (the plan's is still read), re-parsed incrementally from a copy
 * of the plan's.
 */
function parseLike(ctx: ProcessContext, plan: FilePlan, original: string, text: string): Tree {
  const focus = focusOf(ctx, original, text, plan.wholeFile);
  if (plan.parse) return ctx.parser.reparseNormalisedKeeping(plan.parse, text, normaliseOptions(ctx), focus);
  return ctx.parser.parseKernel(text, normaliseOptions(ctx), focus).tree;
}

/** The items to parse: those holding an API name or a change, or everything when the plan parsed the whole file. */
function focusOf(ctx: ProcessContext, original: string, text: string, wholeFile?: boolean): Range[] | undefined {
  if (wholeFile) return undefined;
  return [...ctx.scanner.occurrences(text), ...changedRanges(original, text)];
}

function withdraw(findings: SiteFinding[], fixIds: ReadonlySet<number>, reason: 'conflict' | 'new-parse-errors' | 'model-unjudged'): void {
  for (const f of findings) {
    if (f.status !== 'convert' || f.fixId === undefined || !fixIds.has(f.fixId)) continue;
    setAside(f, 'review', reason, ENGINE_REASONS[reason]!);
  }
}

/**
 * Apply the plan; fixes deferred by a conflict are re-planned on the new text
 * and retried, up to MAX_FIX_PASSES. Fixes applied in later passes are
 * renumbered onto the first pass's findings by mapping positions back.
 */
function applyInPasses(text: string, plan: FilePlan, ctx: ProcessContext, path: string, facts: FileFacts): { output: string; applied: Fix[]; passes: number } {
  let result = applyFixes(text, plan.fixes);
  const applied: Fix[] = [...result.applied];
  let current = result.text;
  const editLog: (readonly TextEdit[])[] = [result.edits];
  const deferred = new Set(result.deferred.map((d) => d.id));
  let passes = 1;
  for (let pass = 2; pass <= MAX_FIX_PASSES && deferred.size > 0; pass++) {
    const deferredStarts = new Set(plan.findings.filter((f) => f.fixId !== undefined && deferred.has(f.fixId)).map((f) => f.range.start));
    const again = planFile({ path, text: current, facts, normalise: normaliseOptions(ctx), ...(plan.wholeFile ? { wholeFile: true } : {}) }, ctx.rules, ctx.parser, ctx.scanner);
    const toOriginal = (index: number) => editLog.reduceRight((i, edits) => mapBack(i, edits), index);
    const retry = again.fixes.filter((fix) =>
      again.findings.some((f) => f.fixId === fix.id && f.status === 'convert' && deferredStarts.has(toOriginal(f.range.start))),
    );
    if (retry.length === 0) break;
    result = applyFixes(current, retry);
    if (result.applied.length === 0) break;
    // Renumber: a fix applied now stands for the first-pass fix of the same site.
    for (const fix of result.applied) {
      const starts = again.findings.filter((f) => f.fixId === fix.id).map((f) => toOriginal(f.range.start));
      const original = plan.findings.find((f) => f.fixId !== undefined && starts.includes(f.range.start));
      if (original?.fixId !== undefined) {
        applied.push({ ...fix, id: original.fixId });
        deferred.delete(original.fixId);
      }
    }
    editLog.push(result.edits);
    current = result.text;
    passes = pass;
  }
  return { output: current, applied, passes };
}
