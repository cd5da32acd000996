/** What processing one file yields; plain data, so it can cross a worker boundary. */
import type { Diagnostic, Finding, Fix, Occurrence } from './types.js';


/**
 * How well the file parsed, with and without normalisation. A site is an
 * occurrence that is a call or a use of the API as a value (in an ERROR node
 * or not); it is "clean" when its function (or, outside functions, the site
 * itself) contains no ERROR or MISSING node.
 */
export interface ParseHealth {
  readonly errorFree: boolean;
  readonly sites: number;
  readonly cleanSites: number;
  /** The same measured on the text as it is (only when asked: it costs a second parse). */
  readonly raw?: { readonly errorFree: boolean; readonly cleanSites: number };
}

export type TextEncoding = 'utf8' | 'latin1';

/** A rewritten function the behaviour model rejected or could not judge (lines in the original file). */
export interface ModelProblem {
  readonly function: string;
  readonly line: number;
  readonly verdict: 'rejected' | 'unjudged';
  /** Rejection reason (the broken contract or the difference) or why it could not judge. */
  readonly reason: string;
  readonly message: string;
  /** Statement lines of the offending path. */
  readonly path: readonly number[];
  readonly rules: readonly string[];
  /** Number of rewrites (fixes) withdrawn because of it. */
  readonly fixes: number;
}

/** What the behaviour model said about a file's rewrites. */
export interface ModelReport {
  /** Rewrites (fixes): accepted and written, rejected, not judged, withdrawn with a rejected partner. */
  readonly fixes: { readonly accepted: number; readonly rejected: number; readonly unjudged: number; readonly partner: number };
  /** Changed functions by verdict. */
  readonly functions: { readonly accepted: number; readonly rejected: number; readonly unjudged: number };
  readonly problems: readonly ModelProblem[];
}

export interface FileOutcome {
  /** Relative to the run's root. */
  readonly path: string;
  readonly absPath: string;
  /** False when the byte prefilter ruled the file out (nothing parsed). */
  readonly candidate: boolean;
  readonly findings: readonly Finding[];
  readonly occurrences: Occurrence[];
  readonly diagnostics: Diagnostic[];
  /** Fixes applied to produce `output`. */
  readonly applied: Fix[];
  /** Present when the file changes. */
  readonly original?: string;
  readonly output?: string;
  readonly encoding: TextEncoding;
  /** Size and mtime of the file when read, to refuse writing over a file changed meanwhile. */
  readonly stamp?: { readonly size: number; readonly mtimeMs: number };
  /** The behaviour model's verdicts on the rewrites (absent when nothing was rewritten or the model was off). */
  readonly model?: ModelReport;
  /** ERROR/MISSING nodes in the input and in the output (when parsed). */
  readonly errorNodes?: { readonly before: number; readonly after: number };
  /** Parse health (candidate files that were parsed). */
  readonly health?: ParseHealth;
  /** Whole-word occurrences per API counted in the raw bytes (accounting runs only). */
  readonly wordCounts?: Readonly<Record<string, number>>;
  /**
   * What the result cache did with this file (absent: no cache, or not a
   * candidate, or a result holding an internal error, which is not stored):
   * `hit` replayed, `stored` made and stored, `failed` made but the cache was
   * not writable. Never part of any report; counted for `--verbose`.
   */
  readonly cache?: 'hit' | 'stored' | 'failed';
}
