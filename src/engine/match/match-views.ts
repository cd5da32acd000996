/**
 * The match stage over a file's views: each rule's query matches in each
 * view, and the classification of every occurrence no rule reports (what
 * `grep -w` finds that is not a site: comments, declarations, ...; or a site
 * the engine reports itself: an API used as a value, a call in a macro body
 * that does not parse, a call in an ERROR node).
 */
import type { Range } from '../../core/range.js';
import type { RuleMatch } from '../../core/rule.js';
import type { Occurrence } from '../../core/types.js';
import type { KernelParse, View } from '../parse/index.js';
import { rangeContains } from '../../core/range.js';
import { classifyOccurrence } from './classify-occurrence.js';
import type { LoadedRule } from './load-rules.js';
import { matchRule } from './match-rules.js';

export interface ViewMatches {
  readonly view: View;
  readonly rule: LoadedRule;
  readonly matches: RuleMatch[];
}

/** Every rule's matches in every view, views first, rules in their order; empty ones left out. */
export function matchViews(views: readonly View[], rules: readonly LoadedRule[]): ViewMatches[] {
  return views.flatMap((view) => rules.map((rule) => ({ view, rule, matches: matchRule(rule, view.root, view.occurrences) }))).filter((m) => m.matches.length > 0);
}

/** A site no rule reported, which the engine reports itself. */
export interface UnmatchedSite {
  readonly api: string;
  readonly range: Range;
  readonly reason: 'api-as-value' | 'inside-macro-body' | 'parse-error';
}

const MACRO_ARGUMENT = { class: 'not-a-call', detail: 'macro-argument' } as const;

/**
 * Account for every occurrence: those a rule reported (`reported` gives
 * their reason) are sites; the others are classified, and the ones that are
 * still sites are returned for the engine to report.
 */
export function classifyOccurrences(views: readonly View[], parsed: KernelParse, reported: (start: number) => { readonly reason: string } | undefined): { occurrences: Occurrence[]; unmatched: UnmatchedSite[] } {
  const occurrences: Occurrence[] = [];
  const unmatched: UnmatchedSite[] = [];
  for (const view of views) {
    for (const o of view.occurrences) {
      const range = { start: o.start, end: o.end };
      const known = reported(o.start);
      if (known) {
        occurrences.push({ api: o.api, range, class: known.reason === 'parse-error' ? 'parse-error' : 'site', detail: 'call' });
        continue;
      }
      const c = parsed.macroArguments.some((h) => rangeContains(h, range)) ? MACRO_ARGUMENT : classifyOccurrence(view.root, o.start, o.end);
      occurrences.push({ api: o.api, range, class: c.class, detail: c.detail });
      if (c.class === 'site') unmatched.push({ api: o.api, range, reason: 'api-as-value' });
      else if (c.class === 'inside-macro-body') unmatched.push({ api: o.api, range, reason: 'inside-macro-body' });
      else if (c.class === 'parse-error' && c.detail === 'call') unmatched.push({ api: o.api, range, reason: 'parse-error' });
    }
  }
  return { occurrences: occurrences.sort((a, b) => a.range.start - b.range.start), unmatched };
}
