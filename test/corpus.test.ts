/**
 * The corpus harness: every case gets its own test, checking that the output
 * equals after.c byte for byte (or the input when there is none), re-parses
 * with no new ERROR/MISSING nodes, is a fixpoint, and that findings equal
 * findings.json when present.
 */
import { describe, expect, it } from 'vitest';
import { createCParser, countErrorNodes } from '../src/engine/parse/index.js';
import { RULES } from '../src/rules/index.js';
import { loadCorpus } from './harness/corpus.js';
import { runOnText } from './harness/run-case.js';

const cases = loadCorpus();
const parser = createCParser();
const ruleIds = RULES.map((r) => r.meta.id);

describe('corpus inventory', () => {
  it('has a folder for every rule and no folder without a rule', () => {
    const folders = new Set(cases.map((c) => c.rule).filter((r) => r !== '_combined'));
    expect([...folders].sort()).toEqual([...ruleIds].sort());
  });
  it.each(ruleIds)('%s has at least six cases, changing and unchanged ones', (id) => {
    const own = cases.filter((c) => c.rule === id);
    expect(own.length).toBeGreaterThanOrEqual(6);
    if (RULES.find((r) => r.meta.id === id)!.meta.reportOnly) {
      // A report-only rule changes nothing: it needs cases with findings and silent ones instead.
      expect(own.every((c) => c.after === undefined && c.findings !== undefined)).toBe(true);
      expect(own.some((c) => c.findings!.length > 0)).toBe(true);
      expect(own.some((c) => c.findings!.length === 0)).toBe(true);
      return;
    }
    expect(own.some((c) => c.after !== undefined)).toBe(true);
    expect(own.some((c) => c.after === undefined)).toBe(true);
  });
  it('has no two identical cases', () => {
    const seen = new Map<string, string>();
    for (const c of cases) {
      const key = c.before + '\u0000' + (c.after ?? '');
      expect(seen.get(key), `${c.rule}/${c.name} duplicates ${seen.get(key)}`).toBeUndefined();
      seen.set(key, `${c.rule}/${c.name}`);
    }
  });
});

for (const rule of [...new Set(cases.map((c) => c.rule))]) {
  describe(rule, () => {
    for (const c of cases.filter((x) => x.rule === rule)) {
      const rules = c.options.rules ?? (rule === '_combined' ? [] : [rule]);
      it(c.name, async () => {
        const first = await runOnText(c.before, rules, c.options);
        const diagnostics = first.result.diagnostics.filter((d) => d.severity === 'error');
        expect(diagnostics).toEqual([]);
        expect(first.output).toBe(c.after ?? c.before);

        const beforeErrors = countErrorNodes(parser.parse(c.before).rootNode);
        const afterErrors = countErrorNodes(parser.parse(first.output).rootNode);
        expect(afterErrors).toBeLessThanOrEqual(beforeErrors);

        const second = await runOnText(first.output, rules, c.options);
        expect(second.output, 'a second run must change nothing').toBe(first.output);

        if (c.findings) {
          const actual = (first.file?.findings ?? []).map((f) => ({
            line: f.line,
            ...(c.findings!.some((e) => e.column !== undefined) ? { column: f.column } : {}),
            api: f.api,
            status: f.status,
            reason: f.reason,
            ...(c.findings!.some((e) => e.verdict !== undefined) ? { verdict: f.verdict } : {}),
          }));
          expect(actual).toEqual(c.findings);
        }
      });
    }
  });
}
