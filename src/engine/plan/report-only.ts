/**
 * Report-only rules (they find bugs, they migrate nothing): which of them
 * read a file, and their reports into the ledger. They read the whole file,
 * so the focused parse of the migration rules does not change for them (the
 * migration rules' output must not depend on whether a report-only rule runs).
 */
import { InternalError } from '../../core/errors.js';
import { LineIndex } from '../../core/range.js';
import type { FileFacts, SiteReport } from '../../core/rule.js';
import type { SyntaxNode } from '../../core/syntax.js';
import { insideErrorNode } from '../analyze/parse-errors.js';
import type { SiteLedger } from '../ledger/index.js';
import { matchRule, type LoadedRule, type RawOccurrence } from '../match/index.js';
import { wordRegExp, type KeywordScanner } from '../prefilter/index.js';

export interface ReportOnlyRun {
  readonly loaded: LoadedRule;
  readonly occurrences: RawOccurrence[];
}

/** The report-only rules that run on this file, each with its keyword occurrences. */
export function reportOnlyRuns(loaded: readonly LoadedRule[], text: string, scanner: KeywordScanner): ReportOnlyRun[] {
  const runs: ReportOnlyRun[] = [];
  if (!loaded.some((l) => l.rule.meta.reportOnly)) return runs;
  const hits = scanner.extraOccurrences(text);
  const present = new Set(hits.map((o) => o.api));
  for (const l of loaded) {
    const spec = l.rule.meta.reportOnly;
    if (!spec) continue;
    const fired = spec.triggers.filter((t) => t.keywords.some((k) => present.has(k)) && wordRegExp(t.companions).test(text));
    if (fired.length === 0) continue;
    const keywords = new Set(fired.flatMap((t) => t.keywords));
    runs.push({ loaded: l, occurrences: hits.filter((o) => keywords.has(o.api)) });
  }
  return runs;
}

/** Run the report-only rules over the whole file's tree; what they report goes into the ledger (never a fix). */
export function planReportOnly(input: { readonly path: string; readonly text: string; readonly facts: FileFacts }, runs: readonly ReportOnlyRun[], root: SyntaxNode, ledger: SiteLedger): void {
  const { text } = input;
  const lines = new LineIndex(text);
  const newline = /\r\n/.test(text.slice(0, 4096)) ? '\r\n' : '\n';
  for (const { loaded: l, occurrences } of runs) {
    const rule = l.rule;
    const matches = matchRule(l, root, occurrences).filter((m) => !insideErrorNode(m.api));
    const reported = new Set<number>();
    rule.check({
      path: input.path,
      text,
      root,
      newline,
      matches,
      facts: input.facts,
      addFix(): number {
        throw new InternalError(`rule ${rule.meta.id} is report-only and cannot add a fix`);
      },
      report(site: SiteReport): void {
        const range = 'startIndex' in site.at ? { start: site.at.startIndex, end: site.at.endIndex } : site.at;
        if (reported.has(range.start)) throw new InternalError(`rule ${rule.meta.id} reported ${input.path}:${lines.positionOf(range.start).line} twice`);
        if (site.status === 'convert') throw new InternalError(`rule ${rule.meta.id} is report-only and cannot convert`);
        const message = site.message ?? rule.meta.reasons[site.reason];
        if (message === undefined) throw new InternalError(`rule ${rule.meta.id} reported undocumented reason "${site.reason}"`);
        reported.add(range.start);
        ledger.record(rule.meta.id, { api: site.api, range, status: site.status, reason: site.reason, message, ...(site.related ? { related: site.related } : {}) }, 'rule');
      },
    });
  }
}
