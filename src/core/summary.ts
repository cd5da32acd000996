/** Counts for the summary table and the JSON report (made by engine/pipeline/summary.ts, printed by the output steps). */
import type { SiteStatus } from './types.js';

export interface RuleSummary {
  readonly convert: number;
  readonly review: number;
  readonly skip: number;
  /** Non-convert sites by reason code. */
  readonly reasons: Record<string, number>;
  /** Sites by safety verdict, for rules whose sites carry one (the kmap family). */
  readonly verdicts?: Record<string, number>;
}

export interface RunSummary {
  readonly filesScanned: number;
  readonly candidateFiles: number;
  readonly filesChanged: number;
  readonly sites: number;
  readonly convert: number;
  readonly review: number;
  readonly skip: number;
  readonly byRule: Record<string, RuleSummary>;
  /** Sites per API identifier and status. */
  readonly byApi: Record<string, Record<SiteStatus, number>>;
  readonly diagnostics: { readonly errors: number; readonly warnings: number };
  /** The behaviour model's verdicts, summed over files. */
  readonly model: ModelSummary;
}

export interface ModelSummary {
  readonly fixes: { accepted: number; rejected: number; unjudged: number; partner: number };
  readonly functions: { accepted: number; rejected: number; unjudged: number };
  readonly rejectedByReason: Record<string, number>;
  readonly unjudgedByReason: Record<string, number>;
}
