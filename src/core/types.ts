/**
 * Plain values passed between pipeline stages. Nothing here holds a syntax
 * tree, so every type below can cross a worker boundary.
 */
import type { Range } from './range.js';

export type Confidence = 'high' | 'moderate' | 'low';

/**
 * What happens to a site:
 * - `convert`: rewritten (or would be, without --write);
 * - `review`: left unchanged, a human must decide (the reason code says why);
 * - `skip`: left unchanged by policy, no action expected (e.g. the API's own definition).
 */
export type SiteStatus = 'convert' | 'review' | 'skip';

/** Safety verdict on kmap-family sites. */
export type KmapVerdict = 'auto' | 'auto-with-note' | 'review';

export interface TextEdit {
  readonly range: Range;
  readonly text: string;
}

/** One atomic change: all its edits apply, or none. */
export interface Fix {
  /** Unique within a file's plan. */
  readonly id: number;
  readonly ruleId: string;
  readonly edits: readonly TextEdit[];
  /** Sentences for the commit message (e.g. "added pagefault_disable()"). */
  readonly notes: readonly string[];
}

export interface RelatedLocation {
  readonly range: Range;
  readonly message: string;
}

export interface Finding {
  readonly ruleId: string;
  /** The API identifier at the site, e.g. `dma_map_page`. */
  readonly api: string;
  /** Range of the API identifier. */
  readonly range: Range;
  status: SiteStatus;
  /** Reason code: for `convert` the kind of rewrite, otherwise why it was not rewritten. */
  reason: string;
  message: string;
  /** The fix this site's rewrite belongs to (several sites may share one fix). */
  fixId?: number;
  verdict?: KmapVerdict;
  notes?: string[];
  /** What the author should check before sending the change (a comment that still names the old API); not commit-message text. */
  todo?: string[];
  related?: RelatedLocation[];
}

/**
 * Take a site out of the rewrite: it is reported with `status` and `reason`
 * and keeps nothing of the rewrite it had (fix, commit-message notes,
 * to-dos); a safety verdict becomes `review`.
 */
export function setAside(f: Finding, status: Exclude<SiteStatus, 'convert'>, reason: string, message: string): void {
  f.status = status;
  f.reason = reason;
  f.message = message;
  if (f.verdict) f.verdict = 'review';
  delete f.fixId;
  delete f.notes;
  delete f.todo;
}

/** Where a whole-word occurrence of an API identifier stands (what `grep -w` finds). */
export type OccurrenceClass = 'site' | 'not-a-call' | 'inside-macro-body' | 'parse-error';

export interface Occurrence {
  readonly api: string;
  readonly range: Range;
  readonly class: OccurrenceClass;
  /** For not-a-call: comment, string, declaration, define-name, field, member-name, other. */
  readonly detail: string;
}

export type DiagnosticCode =
  | 'unreadable'
  | 'binary'
  | 'not-utf8'
  | 'crlf'
  | 'too-large'
  | 'symlink-outside-root'
  | 'excluded'
  | 'gitignored'
  | 'changed-since-read'
  | 'write-failed'
  | 'parse-failed'
  | 'rule-failed'
  | 'model-failed'
  | 'output-parse-errors';

export interface Diagnostic {
  readonly path: string;
  readonly severity: 'error' | 'warning' | 'info';
  readonly code: DiagnosticCode;
  readonly message: string;
}
