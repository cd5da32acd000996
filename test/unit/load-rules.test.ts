import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { RuleLoadError, UsageError } from '../../src/core/errors.js';
import { defineRule } from '../../src/core/rule.js';
import { loadRules, queryCaptureNames, selectRules } from '../../src/engine/match/index.js';
import { createCParser } from '../../src/engine/parse/index.js';
import { RULES } from '../../src/rules/index.js';

const parser = createCParser();
const rule = (id: string, captures: string[]) =>
  defineRule({ meta: { id, summary: 's', confidence: 'high', apis: ['x'], captures, reasons: {}, rationale: 'r' }, check: () => undefined });

function queriesDir(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'dma-migrate-q-'));
  for (const [n, s] of Object.entries(files)) writeFileSync(path.join(dir, n), s);
  return dir;
}

describe('rule loading', () => {
  it('compiles every built-in rule query and its captures match its metadata', () => {
    expect(loadRules(RULES, parser).map((l) => l.rule.meta.id)).toEqual(RULES.map((r) => r.meta.id));
  });
  it('lists capture names, ignoring comments, strings and predicate-only captures', () => {
    expect([...queryCaptureNames('; @nope\n((identifier) @api (#eq? @_x "@str")) @call')].sort()).toEqual(['api', 'call']);
  });
  it('stops on a query that does not compile, a capture mismatch or a duplicate id', () => {
    const dir = queriesDir({ 'a-b.scm': '(call_expression function: (identifier) @api) @call', 'bad.scm': '(call_expression (nonsense_node) @api' });
    expect(() => loadRules([rule('bad', ['api'])], parser, dir)).toThrow(RuleLoadError);
    expect(() => loadRules([rule('a-b', ['api'])], parser, dir)).toThrow(/in the query but not declared: call/);
    expect(() => loadRules([rule('a-b', ['api', 'call', 'args'])], parser, dir)).toThrow(/declared but not in the query: args/);
    expect(() => loadRules([rule('a-b', ['api', 'call']), rule('a-b', ['api', 'call'])], parser, dir)).toThrow(/duplicate/);
    expect(() => loadRules([rule('Not_Kebab', ['api'])], parser, dir)).toThrow(/kebab/);
  });
  it('selects rules by id and rejects unknown ids', () => {
    expect(selectRules(RULES, ['kmap-atomic-to-local']).map((r) => r.meta.id)).toEqual(['kmap-atomic-to-local']);
    expect(() => selectRules(RULES, ['nope'])).toThrow(UsageError);
  });
});
