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

/**
 * The stage that decided something about a site, in pipeline order:
 * `match` (the engine found the site and could not hand it to a rule: parse
 * error, API used as a value, unparsable macro body), `rule` (the rule's
 * check), `plan` (engine policy over a rule's plan: target API, #if
 * branches, api-implementation files, all-or-nothing), `reparse` (the output
 * gained parse errors), `verify` (the behaviour model), `apply` (the fix
 * could not be applied: conflict).
 */
export type Stage = 'match' | 'rule' | 'plan' | 'reparse' | 'verify' | 'apply';

/** One entry of a site's history: who decided what, and why. */
export interface SiteDecision {
  readonly stage: Stage;
  readonly status: SiteStatus;
  readonly reason: string;
  /** The full sentence (the finding's message at that point). */
  readonly detail: string;
}

/**
 * A site and its fate. Only the site ledger (src/engine/ledger) makes or
 * changes one; everything else reads it.
 */
export interface Finding {
  readonly ruleId: string;
  /** The API identifier at the site, e.g. `dma_map_page`. */
  readonly api: string;
  /** Range of the API identifier. */
  readonly range: Range;
  /** 1-based line and column of `range.start`. */
  readonly line: number;
  readonly column: number;
  readonly status: SiteStatus;
  /** Reason code: for `convert` the kind of rewrite, otherwise why it was not rewritten. */
  readonly reason: string;
  readonly message: string;
  /** The fix this site's rewrite belongs to (several sites may share one fix). */
  readonly fixId?: number;
  readonly verdict?: KmapVerdict;
  readonly notes?: readonly string[];
  /** What the author should check before sending the change (a comment that still names the old API); not commit-message text. */
  readonly todo?: readonly string[];
  readonly related?: readonly RelatedLocation[];
  /** Every decision about the site, in order; the last one is `status`/`reason`/`message`. */
  readonly history: readonly SiteDecision[];
  /** A DMA map or unmap: the keys of its handle other files of the run may share. */
  readonly handle?: DmaHandle;
}

export interface DmaHandle {
  readonly role: 'map' | 'unmap';
  readonly keys: readonly string[];
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
  | 'no-maintainer'
  | 'too-large'
  | 'symlink-outside-root'
  | 'excluded'
  | 'gitignored'
  | 'changed-since-read'
  | 'write-failed'
  | 'stale-temp'
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
