/**
 * The pre-submit check: run the real rules on the post-image of each touched
 * C file and keep the sites on lines the change adds — new uses of the old
 * APIs — with whether dma-migrate would convert them and how; then let the
 * behaviour model (when plugged in) judge the change. Only touched files are
 * parsed, so a normal patch is checked in well under a second.
 */
import path from 'node:path';
import { structuredPatch } from 'diff';
import { LineIndex } from '../../core/range.js';
import type { Rule } from '../../core/rule.js';
import { FEATURES, describeTarget, formatVersion, type KernelVersion, type TargetInfo } from '../../core/target.js';
import type { Diagnostic, Fix, SiteStatus } from '../../core/types.js';
import type { FileOutcome, SiteFinding } from '../../core/outcome.js';
import { applyFixes } from '../../engine/apply/index.js';
import { findKernelTree, resolveTarget } from '../../engine/discover/kernel-tree.js';
import { LicenseResolver } from '../../engine/discover/module-license.js';
import { relativePath } from '../../engine/discover/sources.js';
import { openRepository, readObjects, type Repository } from '../git/repo.js';
import { loadRules, selectRules } from '../../engine/match/index.js';
import { createCParser } from '../../engine/parse/index.js';
import { decodeSource, processFile, type ProcessContext } from '../../engine/pipeline/process-file.js';
import { KeywordScanner } from '../../engine/prefilter/index.js';
import { RULES } from '../../rules/index.js';
import { collectChanges, type CheckSource, type SkippedFile } from './collect-changes.js';
import type { ChangeValidator } from './model-hook.js';

export interface CheckOptions {
  readonly source: CheckSource;
  /** Directory inside the repository (or the tree a stdin diff applies to). */
  readonly cwd: string;
  readonly env: NodeJS.ProcessEnv;
  /** Rule ids; empty selects all. */
  readonly rules?: readonly string[];
  readonly targetVersion?: KernelVersion;
  /** Behaviour models judging each file's change (see model-hook.ts). */
  readonly validators?: readonly ChangeValidator[];
  /** Rules to use instead of the registry (tests). */
  readonly ruleSet?: readonly Rule[];
}

export type CheckLevel = 'error' | 'warning' | 'note';

/** A text replacement in 1-based line/column coordinates (columns in UTF-16 units, end exclusive). */
export interface CheckEdit {
  readonly startLine: number;
  readonly startColumn: number;
  readonly endLine: number;
  readonly endColumn: number;
  readonly text: string;
}

export interface CheckFinding {
  readonly path: string;
  readonly line: number;
  readonly column: number;
  readonly kind: 'old-api' | 'model-violation';
  readonly level: CheckLevel;
  /** The rule (old-api) or validator (model-violation) that reports it. */
  readonly ruleId: string;
  readonly api?: string;
  /** Would `dma-migrate rewrite` convert this site on the target? */
  readonly autoConvert: boolean;
  /** The rule's status on the target (old-api). */
  readonly status?: SiteStatus;
  /** Reason code (old-api) or broken contract (model-violation). */
  readonly reason: string;
  readonly message: string;
  /** The rewrite dma-migrate would make, as removed and added lines. */
  readonly suggestion?: { readonly removed: readonly string[]; readonly added: readonly string[] };
  /** The same rewrite as edits (for SARIF fixes). */
  readonly edits?: readonly CheckEdit[];
  readonly trace?: readonly number[];
}

export interface CheckResult {
  /** Paths are relative to this directory (the repository top). */
  readonly root: string;
  readonly target: string;
  readonly findings: CheckFinding[];
  readonly filesChecked: number;
  readonly skipped: readonly SkippedFile[];
  readonly notes: readonly string[];
  readonly diagnostics: readonly Diagnostic[];
}

export function checkChange(options: CheckOptions): CheckResult {
  let repo: Repository | undefined;
  try {
    repo = openRepository(options.cwd, options.env);
  } catch (err) {
    if (options.source.kind !== 'diff') throw err;
    repo = undefined; // a diff on stdin can be checked against a plain directory
  }
  const root = repo?.top ?? path.resolve(options.cwd);
  const change = collectChanges(repo, options.source, root);
  const rules = selectRules(options.ruleSet ?? RULES, options.rules ?? []);
  const result: CheckResult = { root, target: '', findings: [], filesChecked: change.files.length, skipped: change.skipped, notes: change.notes, diagnostics: [] };
  if (change.files.length === 0) return { ...result, target: 'no C file changed' };

  const tree = findKernelTree(path.join(root, change.files[0]!.path));
  const target = resolveTarget(tree, options.targetVersion);
  const scanner = new KeywordScanner(rules.flatMap((r) => r.meta.apis));
  // Rules whose replacement API the target lacks still run (once), on the target plus just that API,
  // so a note can say what would happen on a kernel that has it; their findings become notes.
  const lacking = new Set(rules.filter((r) => r.meta.requires !== undefined && !target.features[r.meta.requires]).map((r) => r.meta.id));
  const runTarget: TargetInfo = lacking.size === 0 ? target : { ...target, features: { ...target.features, ...Object.fromEntries(rules.filter((r) => lacking.has(r.meta.id)).map((r) => [r.meta.requires!, true])) } };
  // The parser and the compiled queries are made only when a file needs them.
  let made: ProcessContext | undefined;
  const context = (): ProcessContext => {
    if (!made) {
      const parser = createCParser();
      made = { parser, rules: loadRules(rules, parser), scanner, target: runTarget, licenses: new LicenseResolver(tree?.root ?? root) };
    }
    return made;
  };
  const findings: CheckFinding[] = [];
  const diagnostics: Diagnostic[] = [];
  const validators = options.validators ?? [];
  const before = validators.length > 0 && repo ? readObjects(repo.git, change.files.map((f) => f.oldBlob ?? '0')) : [];

  for (const [n, file] of change.files.entries()) {
    const absPath = path.join(root, file.path);
    const treePath = tree ? relativePath(tree.root, absPath) : undefined;
    const job = { absPath, path: file.path, bytes: file.post, ...(treePath && !treePath.startsWith('..') ? { treePath } : {}) };
    const { text } = decodeSource(file.post);
    const lines = new LineIndex(text);
    // A site on an added line names its API there: files whose added lines name none are not parsed.
    const outcome = scanner.mayContain(Buffer.from(addedText(text, lines, file.added), 'utf8')) ? processFile(job, context()) : undefined;
    diagnostics.push(...(outcome?.diagnostics ?? []));
    const onAdded = (outcome?.findings ?? []).filter((f) => f.status !== 'skip' && file.added.has(f.line));
    for (const f of onAdded) {
      if (lacking.has(f.ruleId)) findings.push(lackingFinding(file.path, f, outcome!, text, lines, target, rules));
      else findings.push(siteFinding(file.path, f, outcome!, text, lines, rules));
    }
    if (validators.length > 0) {
      const pre = before[n];
      for (const v of validators) {
        for (const violation of v.validate({
          path: file.path,
          ...(file.oldPath !== undefined ? { oldPath: file.oldPath } : {}),
          ...(pre ? { before: decodeSource(pre).text } : {}),
          after: text,
          addedLines: file.added,
        })) {
          if (violation.line !== undefined && !file.added.has(violation.line)) continue;
          findings.push({
            path: file.path,
            line: violation.line ?? 1,
            column: violation.column ?? 1,
            kind: 'model-violation',
            level: 'error',
            ruleId: v.id,
            autoConvert: false,
            reason: violation.contract,
            message: violation.message,
            ...(violation.trace ? { trace: violation.trace } : {}),
          });
        }
      }
    }
  }
  findings.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : a.line - b.line || a.column - b.column));
  return { ...result, target: describeTarget(target), findings, diagnostics };
}

function siteFinding(file: string, f: SiteFinding, outcome: FileOutcome, text: string, lines: LineIndex, rules: readonly Rule[]): CheckFinding {
  const fix = f.status === 'convert' && f.fixId !== undefined ? outcome.applied.find((a) => a.id === f.fixId) : undefined;
  const base = { path: file, line: f.line, column: f.column, kind: 'old-api' as const, level: 'warning' as const, ruleId: f.ruleId, api: f.api, status: f.status, reason: f.reason };
  if (fix) {
    return {
      ...base,
      autoConvert: true,
      // Only the added line's site, not every old site of the file.
      message: `new use of ${f.api}(); dma-migrate converts it (${f.reason}): run \`dma-migrate rewrite --lines ${f.line} --root . ${file} | git apply\``,
      ...rewriteOf(fix, f.line, text, lines),
    };
  }
  const summary = rules.find((r) => r.meta.id === f.ruleId)?.meta.summary;
  return {
    ...base,
    autoConvert: false,
    message: `new use of ${f.api}(); not converted automatically: ${f.message}${summary ? ` (the migration: ${summary})` : ''}`,
  };
}

/** A site of a rule whose replacement API the target lacks; `f` is its status on a target that has it. */
function lackingFinding(file: string, f: SiteFinding, outcome: FileOutcome, text: string, lines: LineIndex, target: TargetInfo, rules: readonly Rule[]): CheckFinding {
  const rule = rules.find((r) => r.meta.id === f.ruleId);
  const feature = rule?.meta.requires ? FEATURES[rule.meta.requires] : undefined;
  const needs = feature ? `${feature.description} (${formatVersion(feature.since)}+)` : 'the replacement API';
  const where = describeTarget(target);
  const fix = f.status === 'convert' && f.fixId !== undefined ? outcome.applied.find((a) => a.id === f.fixId) : undefined;
  const outlook = fix ? 'on a kernel with it, dma-migrate would convert it' : `on a kernel with it, it would be left for review: ${f.message}`;
  return {
    path: file,
    line: f.line,
    column: f.column,
    kind: 'old-api',
    level: 'note',
    ruleId: f.ruleId,
    api: f.api,
    status: 'review',
    reason: 'target-lacks-api',
    autoConvert: false,
    message: `new use of ${f.api}(); the target (${where}) lacks ${needs}; ${outlook}`,
    ...(fix ? rewriteOf(fix, f.line, text, lines) : {}),
  };
}

/** The text of the given 1-based lines. */
function addedText(text: string, lines: LineIndex, added: ReadonlySet<number>): string {
  let out = '';
  for (const n of added) {
    const start = lines.lineStart(n - 1);
    const next = lines.lineStart(n);
    out += text.slice(start, next > start ? next : text.length) + '\n';
  }
  return out;
}

/** The rewrite of one fix: the changed lines around `line`, and the fix's edits in line/column form. */
function rewriteOf(fix: Fix, line: number, text: string, lines: LineIndex): Pick<CheckFinding, 'suggestion' | 'edits'> {
  // Diff only the lines the fix touches (plus the site's), not the whole file.
  const first = Math.min(line - 1, ...fix.edits.map((e) => lines.lineOf(e.range.start)));
  const last = Math.max(line - 1, ...fix.edits.map((e) => lines.lineOf(e.range.end)));
  const from = lines.lineStart(first);
  const to = lines.lineStart(last + 1) > from ? lines.lineStart(last + 1) : text.length;
  const region = text.slice(from, to);
  const shifted = fix.edits.map((e) => ({ range: { start: e.range.start - from, end: e.range.end - from }, text: e.text }));
  const fixed = applyFixes(region, [{ ...fix, edits: shifted }]).text;
  const patch = structuredPatch('a', 'b', region, fixed, '', '', { context: 0 });
  line -= first;
  const hunk = patch.hunks.find((h) => h.oldStart <= line && line < h.oldStart + Math.max(1, h.oldLines)) ?? patch.hunks[0];
  const suggestion = hunk
    ? { removed: hunk.lines.filter((l) => l.startsWith('-')).map((l) => l.slice(1)), added: hunk.lines.filter((l) => l.startsWith('+')).map((l) => l.slice(1)) }
    : { removed: [], added: [] };
  const edits = fix.edits.map((e) => {
    const s = lines.positionOf(e.range.start);
    const t = lines.positionOf(e.range.end);
    return { startLine: s.line, startColumn: s.column, endLine: t.line, endColumn: t.column, text: e.text };
  });
  return { suggestion, edits };
}

/** Findings that fail the check (notes do not). */
export function failingFindings(result: CheckResult): CheckFinding[] {
  return result.findings.filter((f) => f.level !== 'note');
}
