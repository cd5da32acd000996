/** The machine-readable report (`--json`): never colored, paths relative to the root. */
import type { FileOutcome } from '../../core/outcome.js';
import type { Finding } from '../../core/types.js';
import type { Diagnostic } from '../../core/types.js';
import type { RunSummary } from '../../core/summary.js';

export interface JsonFinding {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly rule: string;
  readonly api: string;
  readonly status: string;
  readonly reason: string;
  readonly message: string;
  readonly verdict?: string;
  readonly notes?: readonly string[];
  readonly related?: readonly { readonly line: number; readonly message: string }[];
  /** Every decision about the site, in order: the stage, the status it gave and its reason (the last one is the site's). */
  readonly history: readonly { readonly stage: string; readonly status: string; readonly reason: string }[];
}

export interface JsonReport {
  readonly root: string;
  readonly target: string;
  readonly findings: JsonFinding[];
  readonly summary: RunSummary;
  readonly diagnostics: readonly Diagnostic[];
  readonly diff?: string;
  /** `scan --stats`: every occurrence classified, and parse health. */
  readonly accounting?: unknown;
}

export function jsonFinding(file: FileOutcome, f: Finding, lineOf: (index: number) => number): JsonFinding {
  return {
    file: file.path,
    line: f.line,
    column: f.column,
    rule: f.ruleId,
    api: f.api,
    status: f.status,
    reason: f.reason,
    message: f.message,
    ...(f.verdict ? { verdict: f.verdict } : {}),
    ...(f.notes && f.notes.length > 0 ? { notes: f.notes } : {}),
    ...(f.todo && f.todo.length > 0 ? { todo: f.todo } : {}),
    ...(f.related && f.related.length > 0 ? { related: f.related.map((r) => ({ line: lineOf(r.range.start), message: r.message })) } : {}),
    history: f.history.map((h) => ({ stage: h.stage, status: h.status, reason: h.reason })),
  };
}
