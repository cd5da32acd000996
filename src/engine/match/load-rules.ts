/**
 * Load rules: compile each rule's query once and check it against the rule's
 * metadata, so a bad query or capture name stops the run before any file is read.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { RuleLoadError, UsageError } from '../../core/errors.js';
import type { Rule } from '../../core/rule.js';
import type { Query } from '../../core/syntax.js';
import type { CParser } from '../parse/index.js';

export interface LoadedRule {
  readonly rule: Rule;
  readonly query: Query;
  readonly querySource: string;
}

/** The package's queries/ folder (three levels above this module in both src/ and dist/). */
export const QUERIES_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'queries');

const ID_RE = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** Capture names used in a query source (the binding does not list them). */
export function queryCaptureNames(source: string): Set<string> {
  const withoutComments = source.replace(/;[^\n]*/g, '').replace(/"(?:[^"\\]|\\.)*"/g, '""');
  return new Set([...withoutComments.matchAll(/@([A-Za-z_][\w.]*)/g)].map((m) => m[1]!).filter((n) => !n.startsWith('_')));
}

export function loadRules(rules: readonly Rule[], parser: CParser, queriesDir = QUERIES_DIR): LoadedRule[] {
  const seen = new Set<string>();
  return rules.map((rule) => {
    const { id } = rule.meta;
    if (!ID_RE.test(id)) throw new RuleLoadError(`rule id "${id}" is not kebab-case`);
    if (seen.has(id)) throw new RuleLoadError(`duplicate rule id "${id}"`);
    seen.add(id);
    const file = path.join(queriesDir, `${id}.scm`);
    let source: string;
    try {
      source = readFileSync(file, 'utf8');
    } catch (err) {
      throw new RuleLoadError(`rule ${id}: cannot read its query ${file}`, { cause: err });
    }
    const query = parser.compileQuery(source, file);
    const used = queryCaptureNames(source);
    const declared = new Set(rule.meta.captures);
    if (!used.has('api')) throw new RuleLoadError(`${file}: every pattern must capture the site as @api`);
    const missing = [...declared].filter((c) => !used.has(c));
    const undeclared = [...used].filter((c) => !declared.has(c));
    if (missing.length > 0 || undeclared.length > 0) {
      throw new RuleLoadError(
        `${file}: captures disagree with rule ${id}'s meta.captures` +
          (missing.length ? `; declared but not in the query: ${missing.join(', ')}` : '') +
          (undeclared.length ? `; in the query but not declared: ${undeclared.join(', ')}` : ''),
      );
    }
    return { rule, query, querySource: source };
  });
}

/** Select rules by id (all when `ids` is empty); unknown ids are a usage error. */
export function selectRules(rules: readonly Rule[], ids: readonly string[]): Rule[] {
  if (ids.length === 0) return [...rules];
  const known = new Map(rules.map((r) => [r.meta.id, r]));
  const unknown = ids.filter((id) => !known.has(id));
  if (unknown.length > 0) {
    throw new UsageError(`unknown rule ${unknown.map((u) => `"${u}"`).join(', ')}`, { hint: `known rules: ${[...known.keys()].join(', ')}` });
  }
  return rules.filter((r) => ids.includes(r.meta.id));
}
