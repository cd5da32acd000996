/**
 * Rules whose sites carry a safety verdict (the kmap family) must show, in
 * their corpus's findings.json files, every reason code they can report and
 * all three verdicts: a reason without a case is a behaviour nobody checked.
 */
import { describe, expect, it } from 'vitest';
import { RULES } from '../src/rules/index.js';
import { loadCorpus } from './harness/corpus.js';

const cases = loadCorpus();

describe('verdict coverage', () => {
  for (const rule of RULES.filter((r) => r.meta.verdicts)) {
    const id = rule.meta.id;
    const expected = cases.filter((c) => c.rule === id).flatMap((c) => c.findings ?? []);
    it(`${id}: every reason code appears in a findings.json`, () => {
      const seen = new Set(expected.map((f) => f.reason));
      const missing = Object.keys(rule.meta.reasons).filter((r) => !seen.has(r));
      expect(missing).toEqual([]);
    });
    it(`${id}: every verdict appears, and every expected finding states one`, () => {
      expect(new Set(expected.map((f) => f.verdict))).toEqual(new Set(['auto', 'auto-with-note', 'review']));
      for (const f of expected) {
        expect(f.verdict, `${f.api} line ${f.line}`).toBe(f.status === 'convert' ? f.verdict : 'review');
      }
    });
  }
});
