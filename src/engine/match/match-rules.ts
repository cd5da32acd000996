/**
 * Run each rule's query around the occurrences of its API identifiers (a
 * ranged query per occurrence, in the function holding it: cheap, and the
 * tree still decides what is a site). A match counts when its @api capture is
 * exactly the occurrence.
 */
import { InternalError } from '../../core/errors.js';
import { reportKeywords, type RuleMatch } from '../../core/rule.js';
import type { SyntaxNode } from '../../core/syntax.js';
import type { LoadedRule } from './load-rules.js';
import { ancestorChain } from '../../core/tree/ancestry.js';

export interface RawOccurrence {
  readonly api: string;
  readonly start: number;
  readonly end: number;
}

/**
 * The function (or top-level item) holding the occurrence: every pattern
 * match that captures it lies inside, and querying there instead of from the
 * root skips the matches of enclosing code (10x less time on the kernel).
 */
function scopeOf(root: SyntaxNode, occ: RawOccurrence): SyntaxNode {
  const node = root.descendantForIndex(occ.start, occ.end);
  // Walking up from `node`: the first that is a function or whose parent is the root item list.
  const path = [...ancestorChain(node), node];
  let i = path.length - 1;
  while (i > 0 && path[i]!.type !== 'function_definition' && path[i - 1]!.type !== 'translation_unit') i--;
  return i > 0 ? path[i]! : root;
}

export function matchRule(loaded: LoadedRule, root: SyntaxNode, occurrences: readonly RawOccurrence[]): RuleMatch[] {
  const apis = new Set([...loaded.rule.meta.apis, ...reportKeywords(loaded.rule.meta)]);
  const byApiStart = new Map<number, RuleMatch>();
  for (const occ of occurrences) {
    if (!apis.has(occ.api) || byApiStart.has(occ.start)) continue;
    const matches = loaded.query.matches(scopeOf(root, occ), { startIndex: occ.start, endIndex: occ.end });
    if (loaded.query.didExceedMatchLimit()) {
      throw new InternalError(`query for ${loaded.rule.meta.id} exceeded its match limit near index ${occ.start}`);
    }
    for (const m of matches) {
      const captures = new Map<string, SyntaxNode[]>();
      for (const c of m.captures) {
        const list = captures.get(c.name) ?? [];
        list.push(c.node);
        captures.set(c.name, list);
      }
      const api = captures.get('api')?.[0];
      if (!api || api.startIndex !== occ.start || api.endIndex !== occ.end) continue;
      if (byApiStart.has(api.startIndex)) continue;
      byApiStart.set(api.startIndex, {
        pattern: m.pattern,
        api,
        captures,
        get: (name: string) => captures.get(name)?.[0],
        node: (name: string) => {
          const node = captures.get(name)?.[0];
          if (!node) throw new InternalError(`rule ${loaded.rule.meta.id}: its query matched ${api.text} without a @${name} capture`);
          return node;
        },
      });
    }
  }
  return [...byApiStart.values()].sort((a, b) => a.api.startIndex - b.api.startIndex);
}
