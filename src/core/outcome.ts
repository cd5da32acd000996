/** What processing one file yields; plain data, so it can cross a worker boundary. */
import type { Diagnostic, Finding, Fix, Occurrence } from './types.js';

export interface SiteFinding extends Finding {
  readonly line: number;
  readonly column: number;
}

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

export interface FileOutcome {
  /** Relative to the run's root. */
  readonly path: string;
  readonly absPath: string;
  /** False when the byte prefilter ruled the file out (nothing parsed). */
  readonly candidate: boolean;
  readonly findings: SiteFinding[];
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
  /** ERROR/MISSING nodes in the input and in the output (when parsed). */
  readonly errorNodes?: { readonly before: number; readonly after: number };
  /** Parse health (candidate files that were parsed). */
  readonly health?: ParseHealth;
  /** Whole-word occurrences per API counted in the raw bytes (accounting runs only). */
  readonly wordCounts?: Readonly<Record<string, number>>;
}
