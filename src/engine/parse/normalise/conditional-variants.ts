/**
 * One parse per #if branch: where an #if/#else splits a statement
 *
 *     #if defined(__LITTLE_ENDIAN)
 *         iowrite32(
 *     #else
 *         iowrite32be(
 *     #endif
 *             value, addr);
 *
 * tree-sitter-c cannot read either half. Variant k keeps branch k of every
 * group that has several (the last when a group has fewer) and blanks the
 * other branches and every conditional directive line, so each variant is
 * plain C of the same length. Together the variants parse every branch
 * (of a group with only an #if branch, the one with it).
 */
import { blank } from './focus.js';
import { Tok, directiveName, tokenize } from './lexer.js';

export interface ConditionalVariant {
  readonly text: string;
  /** Ranges blanked in this variant (other branches and directive lines), sorted. */
  readonly hidden: readonly { readonly start: number; readonly end: number }[];
}

/** Variants for at most this many branches per group (an #elif chain longer than that keeps its last ones together). */
export const MAX_VARIANTS = 4;

interface Group {
  /** Directive token ranges: #if, #elif..., #else, #endif. */
  readonly directives: { start: number; end: number }[];
  /** Content between consecutive directives. */
  readonly branches: { start: number; end: number }[];
}

export function conditionalVariants(text: string): ConditionalVariant[] {
  const groups = conditionalGroups(text);
  if (groups.length === 0) return [];
  // With only single-branch groups, one variant: the directive lines blanked, the code kept
  // (an #ifdef that splits a statement, `mode =` under CONFIG_X before the call).
  const count = Math.min(MAX_VARIANTS, Math.max(1, ...groups.map((g) => g.branches.length)));
  const variants: ConditionalVariant[] = [];
  for (let k = 0; k < count; k++) {
    const hidden: { start: number; end: number }[] = [];
    for (const g of groups) {
      hidden.push(...g.directives);
      if (g.branches.length >= 2) {
        const keep = Math.min(k, g.branches.length - 1);
        g.branches.forEach((b, i) => {
          if (i !== keep) hidden.push(b);
        });
      }
    }
    const merged = mergeRanges(hidden);
    variants.push({ text: blankRanges(text, merged), hidden: merged });
  }
  return variants;
}

function conditionalGroups(text: string): Group[] {
  const toks = tokenize(text);
  const groups: Group[] = [];
  const stack: { directives: { start: number; end: number }[]; branchStart: number; branches: { start: number; end: number }[] }[] = [];
  for (let i = 0; i < toks.count; i++) {
    if (toks.kind[i] !== Tok.Directive) continue;
    const start = toks.start[i]!;
    const end = toks.end[i]!;
    const name = directiveName(text, start, end);
    if (name === 'if' || name === 'ifdef' || name === 'ifndef') {
      stack.push({ directives: [{ start, end }], branchStart: end, branches: [] });
    } else if (name === 'elif' || name === 'else' || name === 'elifdef' || name === 'elifndef') {
      const g = stack[stack.length - 1];
      if (!g) continue;
      g.branches.push({ start: g.branchStart, end: start });
      g.directives.push({ start, end });
      g.branchStart = end;
    } else if (name === 'endif') {
      const g = stack.pop();
      if (!g) continue;
      g.branches.push({ start: g.branchStart, end: start });
      g.directives.push({ start, end });
      groups.push({ directives: g.directives, branches: g.branches });
    }
  }
  return groups;
}

function mergeRanges(ranges: { start: number; end: number }[]): { start: number; end: number }[] {
  const sorted = ranges.filter((r) => r.end > r.start).sort((a, b) => a.start - b.start);
  const out: { start: number; end: number }[] = [];
  for (const r of sorted) {
    const last = out[out.length - 1];
    if (last && r.start <= last.end) last.end = Math.max(last.end, r.end);
    else out.push({ ...r });
  }
  return out;
}

function blankRanges(text: string, ranges: readonly { start: number; end: number }[]): string {
  const parts: string[] = [];
  let at = 0;
  for (const r of ranges) {
    parts.push(text.slice(at, r.start), blank(text, r.start, r.end));
    at = r.end;
  }
  parts.push(text.slice(at));
  return parts.join('');
}
