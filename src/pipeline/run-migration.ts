/**
 * The pipeline: resolve the tree and target, discover sources, process each
 * file, and (with --write) write the results. No console, no process.*:
 * progress goes through `ctx.onEvent`.
 */
import path from 'node:path';
import { UsageError } from '../core/errors.js';
import type { FileOutcome } from '../core/outcome.js';
import type { Rule } from '../core/rule.js';
import { describeTarget, type KernelVersion, type TargetInfo } from '../core/target.js';
import type { Diagnostic } from '../core/types.js';
import { findKernelTree, resolveTarget, type KernelTree } from '../discover/kernel-tree.js';
import { LicenseResolver } from '../discover/module-license.js';
import { readForEachMacros } from '../discover/clang-format.js';
import { chooseRoot, discoverSources, relativePath } from '../discover/sources.js';
import { loadRules, selectRules } from '../match/index.js';
import { writeOutcomes } from '../output/write.js';
import { createCParser } from '../parse/index.js';
import { KeywordScanner } from '../prefilter/index.js';
import { RULES } from '../rules/index.js';
import { processFile, type ProcessContext } from './process-file.js';
import { summarize, type RunSummary } from './summary.js';

export interface RunOptions {
  readonly paths: readonly string[];
  readonly mode: 'scan' | 'rewrite';
  /** Rewrite files in place (rewrite mode). */
  readonly write?: boolean;
  /** Rule ids; empty selects all. */
  readonly rules?: readonly string[];
  readonly targetVersion?: KernelVersion;
  /** Report paths relative to this directory. */
  readonly root?: string;
  /** Parse every file, not only those the byte prefilter lets through (for testing it). */
  readonly noPrefilter?: boolean;
  /** Rules to use instead of the built-in registry (tests). */
  readonly ruleSet?: readonly Rule[];
}

export type RunEvent =
  | { readonly kind: 'discovered'; readonly files: number }
  | { readonly kind: 'file-done'; readonly done: number; readonly total: number; readonly path: string };

export interface RunContext {
  readonly onEvent?: (event: RunEvent) => void;
  /** Tag for temporary files (e.g. the process id). */
  readonly tempTag?: string;
}

export interface RunResult {
  readonly root: string;
  readonly tree?: KernelTree;
  readonly target: TargetInfo;
  readonly targetDescription: string;
  readonly rules: readonly Rule[];
  /** Outcomes of candidate files and of files with diagnostics, sorted by path. */
  readonly files: FileOutcome[];
  readonly filesScanned: number;
  readonly diagnostics: Diagnostic[];
  readonly written: string[];
  readonly summary: RunSummary;
}

export async function runMigration(options: RunOptions, ctx: RunContext = {}): Promise<RunResult> {
  if (options.paths.length === 0) throw new UsageError('no PATH given');
  if (options.write && options.mode !== 'rewrite') throw new UsageError('--write only applies to rewrite');
  const rules = selectRules(options.ruleSet ?? RULES, options.rules ?? []);
  const parser = createCParser();
  const loaded = loadRules(rules, parser);

  const tree = findKernelTree(options.paths[0]!);
  const root = chooseRoot(options.paths, tree?.root, options.root);
  const target = resolveTarget(tree, options.targetVersion);
  const discovery = discoverSources(options.paths, root);
  ctx.onEvent?.({ kind: 'discovered', files: discovery.files.length });

  const scanner = new KeywordScanner(rules.flatMap((r) => r.meta.apis));
  const forEachMacros = tree ? readForEachMacros(tree.root) : undefined;
  const pctx: ProcessContext = {
    parser,
    rules: loaded,
    scanner,
    target,
    licenses: new LicenseResolver(root),
    noPrefilter: options.noPrefilter ?? false,
    ...(forEachMacros ? { forEachMacros } : {}),
  };
  const files: FileOutcome[] = [];
  let bytesSinceYield = 0;
  let done = 0;
  for (const f of discovery.files) {
    const treePath = tree ? relativePath(tree.root, f.absPath) : undefined;
    const outcome = processFile({ absPath: f.absPath, path: f.path, ...(treePath && !treePath.startsWith('..') ? { treePath } : {}) }, pctx);
    if (outcome.candidate || outcome.diagnostics.length > 0) files.push(outcome);
    done++;
    ctx.onEvent?.({ kind: 'file-done', done, total: discovery.files.length, path: f.path });
    // Native trees are freed only when the event loop turns: yield every few MB parsed.
    if (outcome.candidate) bytesSinceYield += outcome.stamp?.size ?? 0;
    if (bytesSinceYield > 4 * 1024 * 1024) {
      bytesSinceYield = 0;
      await new Promise((resolve) => setImmediate(resolve));
    }
  }

  let written: string[] = [];
  const writeDiagnostics: Diagnostic[] = [];
  if (options.write) {
    const w = writeOutcomes(files, ctx.tempTag ?? 'run');
    written = w.written;
    writeDiagnostics.push(...w.diagnostics);
  }
  const diagnostics = [...discovery.diagnostics, ...files.flatMap((f) => f.diagnostics), ...writeDiagnostics];
  return {
    root,
    ...(tree ? { tree } : {}),
    target,
    targetDescription: describeTarget(target),
    rules,
    files,
    filesScanned: discovery.files.length,
    diagnostics,
    written,
    summary: summarize(files, rules, discovery.files.length, diagnostics),
  };
}

export function displayPath(root: string, p: string): string {
  return path.relative(root, p) || '.';
}
