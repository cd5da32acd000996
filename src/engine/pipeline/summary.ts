/** Counts for the summary table and the JSON report. */
import type { FileOutcome } from '../../core/outcome.js';
import type { Rule } from '../../core/rule.js';
import type { ModelSummary, RunSummary } from '../../core/summary.js';
import type { Diagnostic, SiteStatus } from '../../core/types.js';

export type { ModelSummary, RuleSummary, RunSummary } from '../../core/summary.js';

export function summarizeModel(files: readonly FileOutcome[]): ModelSummary {
  const m: ModelSummary = { fixes: { accepted: 0, rejected: 0, unjudged: 0, partner: 0 }, functions: { accepted: 0, rejected: 0, unjudged: 0 }, rejectedByReason: {}, unjudgedByReason: {} };
  for (const f of files) {
    if (!f.model) continue;
    for (const k of ['accepted', 'rejected', 'unjudged', 'partner'] as const) m.fixes[k] += f.model.fixes[k];
    for (const k of ['accepted', 'rejected', 'unjudged'] as const) m.functions[k] += f.model.functions[k];
    for (const p of f.model.problems) {
      const by = p.verdict === 'rejected' ? m.rejectedByReason : m.unjudgedByReason;
      by[p.reason] = (by[p.reason] ?? 0) + p.fixes;
    }
  }
  return m;
}

export function summarize(files: readonly FileOutcome[], rules: readonly Rule[], filesScanned: number, diagnostics: readonly Diagnostic[]): RunSummary {
  const byRule: Record<string, { convert: number; review: number; skip: number; reasons: Record<string, number>; verdicts?: Record<string, number> }> = {};
  for (const r of rules) byRule[r.meta.id] = { convert: 0, review: 0, skip: 0, reasons: {} };
  const byApi: Record<string, Record<SiteStatus, number>> = {};
  let convert = 0;
  let review = 0;
  let skip = 0;
  for (const file of files) {
    for (const f of file.findings) {
      const rs = (byRule[f.ruleId] ??= { convert: 0, review: 0, skip: 0, reasons: {} });
      rs[f.status]++;
      if (f.status !== 'convert') rs.reasons[f.reason] = (rs.reasons[f.reason] ?? 0) + 1;
      if (f.verdict) {
        rs.verdicts ??= {};
        rs.verdicts[f.verdict] = (rs.verdicts[f.verdict] ?? 0) + 1;
      }
      const api = (byApi[f.api] ??= { convert: 0, review: 0, skip: 0 });
      api[f.status]++;
      if (f.status === 'convert') convert++;
      else if (f.status === 'review') review++;
      else skip++;
    }
  }
  return {
    filesScanned,
    candidateFiles: files.filter((f) => f.candidate).length,
    filesChanged: files.filter((f) => f.output !== undefined).length,
    sites: convert + review + skip,
    convert,
    review,
    skip,
    byRule,
    byApi,
    diagnostics: {
      errors: diagnostics.filter((d) => d.severity === 'error').length,
      warnings: diagnostics.filter((d) => d.severity === 'warning').length,
    },
    model: summarizeModel(files),
  };
}
