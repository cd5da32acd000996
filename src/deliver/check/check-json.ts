/** `check --format json`: the findings on added lines, never colored, paths relative to the repository top. */
import type { CheckFinding, CheckResult } from './check-changes.js';
import type { SkippedFile } from './collect-changes.js';
import type { Diagnostic } from '../../core/types.js';

export interface CheckJsonReport {
  readonly root: string;
  readonly target: string;
  readonly findings: readonly CheckFinding[];
  readonly summary: { readonly filesChecked: number; readonly findings: number; readonly failing: number; readonly autoConvertible: number; readonly filesNotJudged: number };
  readonly skipped: readonly SkippedFile[];
  readonly notes: readonly string[];
  readonly diagnostics: readonly Diagnostic[];
}

export function checkJsonReport(result: CheckResult): CheckJsonReport {
  return {
    root: result.root,
    target: result.target,
    findings: result.findings,
    summary: {
      filesChecked: result.filesChecked,
      findings: result.findings.length,
      failing: result.findings.filter((f) => f.level !== 'note').length,
      autoConvertible: result.findings.filter((f) => f.autoConvert).length,
      // Files left unjudged because the failing findings reached --max-findings (a note says so).
      filesNotJudged: result.stopped?.filesNotJudged ?? 0,
    },
    skipped: result.skipped,
    notes: result.notes,
    diagnostics: result.diagnostics,
  };
}
