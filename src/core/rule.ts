/**
 * The unit of extension. A rule is metadata plus a `check` over the matches
 * of its query (queries/<id>.scm) in one file. It reports every matched site
 * exactly once, with a fix, or with a review/skip reason. Rules do no I/O and
 * never know the output mode.
 */
import type { LicenseInfo } from './license.js';
import type { Range } from './range.js';
import type { SyntaxNode } from './syntax.js';
import type { TargetFeature, TargetInfo } from './target.js';
import type { Confidence, DmaHandle, KmapVerdict, RelatedLocation, SiteStatus, TextEdit } from './types.js';

export interface RuleMeta {
  /** kebab-case; names the folder, the query, the corpus and `--rule`. */
  readonly id: string;
  /** One line for `dma-migrate rules`. */
  readonly summary: string;
  readonly confidence: Confidence;
  /** API identifiers this rule migrates: prefilter keywords and accounting keys. */
  readonly apis: readonly string[];
  /** Target API the rewrite needs; without it every site is reported `target-lacks-api`. */
  readonly requires?: TargetFeature;
  /** Capture names its query must define (checked when the rule loads). */
  readonly captures: readonly string[];
  /** Reason codes this rule reports, each with the sentence that explains it. */
  readonly reasons: Readonly<Record<string, string>>;
  /** The "why" paragraph for commit messages and docs. */
  readonly rationale: string;
  /**
   * Imperative summary for generated patches, after the subsystem prefix
   * (e.g. "Replace kmap_atomic() with kmap_local_page()"). Optional: series
   * falls back to one built from the rule id.
   */
  readonly patchSubject?: string;
  /**
   * Convert the rule's sites in a file all together or not at all: when any
   * site of the rule in the file is left for review, the others are too
   * (`partner-site-refused`). For map/unmap families whose halves must not mix.
   */
  readonly allOrNothingPerFile?: boolean;
  /**
   * The rule reads more of the file than the function holding a site (same-file
   * callees, the functions an ops table names): files where it has a site are
   * parsed whole, not only the top-level items holding an API name.
   */
  readonly wholeFile?: boolean;
  /**
   * Every site of this rule carries a safety verdict (`auto`, `auto-with-note`,
   * `review`): the engine gives `review` to the sites it reports itself.
   */
  readonly verdicts?: boolean;
}

/** One query match, with its captures by name. */
export interface RuleMatch {
  readonly pattern: number;
  /** The occurrence node (capture `@api`). */
  readonly api: SyntaxNode;
  readonly captures: ReadonlyMap<string, readonly SyntaxNode[]>;
  /** First node captured under `name`. */
  get(name: string): SyntaxNode | undefined;
}

/**
 * Which DMA call sites to convert: `upstream` (the default) only where the
 * caller holds the address the page was built from, as upstream did between
 * 6.12 and 7.3; `all` every site the rules can prove equivalent.
 */
export type DmaPolicy = 'upstream' | 'all';

/** Facts about the file the rule may ask; computed once per file, lazily. */
export interface FileFacts {
  readonly policy: DmaPolicy;
  /** Rewrite inline functions and macros of headers too (`--include-headers`). */
  readonly includeHeaders: boolean;
  readonly license: LicenseInfo;
  readonly target: TargetInfo;
  /** Does the file mention ZONE_DEVICE/P2PDMA memory (pages that may need DMA_ATTR_MMIO)? */
  readonly mentionsDevicePages: boolean;
}

export interface SiteReport {
  readonly api: string;
  /** The API identifier node (or its range). */
  readonly at: SyntaxNode | Range;
  readonly status: SiteStatus;
  readonly reason: string;
  /** Defaults to the rule's sentence for `reason`. */
  readonly message?: string;
  readonly verdict?: KmapVerdict;
  readonly notes?: readonly string[];
  /** For the author, not the commit message (see Finding.todo). */
  readonly todo?: readonly string[];
  readonly related?: readonly RelatedLocation[];
  /** The fix this site belongs to (from `ctx.addFix`). */
  readonly fixId?: number;
  /** A DMA map or unmap: the keys of its handle other files may share (see rules/_dma/handles.ts). */
  readonly handle?: DmaHandle;
}

export interface RuleContext {
  readonly path: string;
  readonly text: string;
  readonly root: SyntaxNode;
  /** `\r\n` when the file uses CRLF line endings. */
  readonly newline: string;
  readonly matches: readonly RuleMatch[];
  readonly facts: FileFacts;
  /** Register an atomic fix; returns its id for `report`. Overlapping edits throw. */
  addFix(edits: readonly TextEdit[], notes?: readonly string[]): number;
  report(site: SiteReport): void;
}

export interface Rule {
  readonly meta: RuleMeta;
  check(ctx: RuleContext): void;
}

export function defineRule(rule: Rule): Rule {
  return rule;
}
