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

/**
 * `C` is the union of the rule's capture names (from `captures`, inferred by
 * `defineRule`), so `match.node('cal')` does not compile.
 */
export interface RuleMeta<C extends string = string> {
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
  readonly captures: readonly C[];
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
  /**
   * A report-only rule: it finds bugs, it migrates nothing. It has no `apis`
   * (so no site per occurrence and nothing in the grep accounting); instead
   * it runs, on the whole file, where for one of its `triggers` the file holds
   * one of the `keywords` (sinks) and one of the `companions` (sources) as
   * whole words. It reports only what it finds (status `review`, never a
   * fix); the matches of its query (around the keywords) need not all be reported.
   */
  readonly reportOnly?: { readonly triggers: readonly ReportTrigger[] };
  /**
   * Files (relative to a kernel tree root) that implement this rule's API
   * itself: every site in them is `skip` (`api-implementation`).
   */
  readonly implementedIn?: readonly string[];
}

/** When a report-only rule reads a file: one of `keywords` and one of `companions` occur in it. */
export interface ReportTrigger {
  readonly keywords: readonly string[];
  readonly companions: readonly string[];
}

/** Every keyword of a report-only rule (the prefilter's extra words). */
export function reportKeywords(meta: RuleMeta): string[] {
  return [...new Set(meta.reportOnly?.triggers.flatMap((t) => t.keywords) ?? [])];
}

/** One query match, with its captures by name (`C`: the rule's capture names). */
export interface RuleMatch<C extends string = string> {
  readonly pattern: number;
  /** The occurrence node (capture `@api`). */
  readonly api: SyntaxNode;
  readonly captures: ReadonlyMap<string, readonly SyntaxNode[]>;
  /** First node captured under `name`, if this match has one (for captures a pattern may leave out). */
  get(name: C): SyntaxNode | undefined;
  /** First node captured under `name`, which every pattern of the query captures (an InternalError otherwise). */
  node(name: C): SyntaxNode;
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
  /** The file's text (what the rules' own file-level facts are read from). */
  readonly text: string;
  /** A rule's own fact about the file, computed once per file under `key` (e.g. rules/_dma's device-memory check). */
  memo<T>(key: string, compute: () => T): T;
  /** Finds a function defined outside this file (its directory, included headers, the tree's files named like them). */
  readonly definitions?: (name: string) => ExternalDefinition | undefined;
}

/** A function definition found in another file. */
export interface ExternalDefinition {
  readonly fn: SyntaxNode;
  /** The file, relative to the kernel tree when inside one. */
  readonly path?: string;
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

/**
 * What a rule learned from the callee summaries about a function given a
 * mapped address (argument `arg` of `callee`): whether it may keep the
 * pointer past the call. Plain data: the plan hands the file's list to the
 * behaviour model, which judges the same calls by the same answers.
 */
export interface CalleeContract {
  readonly callee: string;
  /** 0-based argument index. */
  readonly arg: number;
  readonly keeps: boolean;
}

export interface RuleContext<C extends string = string> {
  readonly path: string;
  readonly text: string;
  readonly root: SyntaxNode;
  /** `\r\n` when the file uses CRLF line endings. */
  readonly newline: string;
  readonly matches: readonly RuleMatch<C>[];
  readonly facts: FileFacts;
  /** Register an atomic fix; returns its id for `report`. Overlapping edits throw. */
  addFix(edits: readonly TextEdit[], notes?: readonly string[]): number;
  report(site: SiteReport): void;
  /** Record a callee summary the rule's decision used (for the behaviour model). */
  noteCallee?(contract: CalleeContract): void;
}

export interface Rule<C extends string = string> {
  readonly meta: RuleMeta<C>;
  check(ctx: RuleContext<C>): void;
}

/** A rule whose matches are typed by the capture names it declares (`meta.captures`). */
export function defineRule<const C extends string>(rule: Rule<C>): Rule {
  return rule;
}
