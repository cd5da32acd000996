import { describe, expect, it } from 'vitest';
import { LineIndex } from '../../src/core/range.js';
import { ENGINE_REASONS, SiteLedger } from '../../src/engine/ledger/index.js';

const TEXT = 'a();\nb();\nc();\n';
const at = (start: number) => ({ start, end: start + 1 });
const rules = [{ meta: { id: 'pair', allOrNothingPerFile: true } }, { meta: { id: 'free' } }];

describe('SiteLedger', () => {
  it('keeps every decision about a site, in order, and a withdrawn site keeps nothing of its rewrite', () => {
    const ledger = new SiteLedger(new LineIndex(TEXT));
    const id = ledger.record('free', { api: 'b', range: at(5), status: 'convert', reason: 'form', message: 'converted', fixId: 7, notes: ['n'], todo: ['t'], verdict: 'auto' }, 'rule');
    ledger.withdraw(id, 'reparse', 'new-parse-errors');
    const [f] = ledger.findings();
    expect(f).toMatchObject({ line: 2, column: 1, status: 'review', reason: 'new-parse-errors', message: ENGINE_REASONS['new-parse-errors'], verdict: 'review' });
    expect(f!.fixId).toBeUndefined();
    expect(f!.notes).toBeUndefined();
    expect(f!.todo).toBeUndefined();
    expect(f!.history.map((h) => `${h.stage}:${h.status}:${h.reason}`)).toEqual(['rule:convert:form', 'reparse:review:new-parse-errors']);
  });

  it('does not keep a fix on a site recorded as not converted', () => {
    const ledger = new SiteLedger(new LineIndex(TEXT));
    ledger.record('free', { api: 'a', range: at(0), status: 'review', reason: 'x', message: 'm', fixId: 3 }, 'rule');
    expect(ledger.findings()[0]!.fixId).toBeUndefined();
    expect([...ledger.convertedFixIds()]).toEqual([]);
  });

  it('hands out copies: changing a finding does not change the ledger', () => {
    const ledger = new SiteLedger(new LineIndex(TEXT));
    ledger.record('free', { api: 'a', range: at(0), status: 'convert', reason: 'form', message: 'm', fixId: 1 }, 'rule');
    const f = ledger.findings()[0]! as { status: string; history: unknown[] };
    f.status = 'skip';
    f.history.push('x');
    expect(ledger.findings()[0]!.status).toBe('convert');
    expect(ledger.findings()[0]!.history).toHaveLength(1);
  });

  it('lists findings by position, sites at one position in the order recorded', () => {
    const ledger = new SiteLedger(new LineIndex(TEXT));
    ledger.record('free', { api: 'c', range: at(10), status: 'review', reason: 'r1', message: 'm' }, 'rule');
    ledger.record('free', { api: 'a', range: at(0), status: 'review', reason: 'r2', message: 'm' }, 'rule');
    ledger.recordEngine('pair', 'c', at(10), 'parse-error', 'match');
    expect(ledger.findings().map((f) => `${f.api}:${f.reason}`)).toEqual(['a:r2', 'c:r1', 'c:parse-error']);
  });

  it('all or nothing: a refused site withdraws the converted sites of its rule only, naming the refused one', () => {
    const ledger = new SiteLedger(new LineIndex(TEXT));
    ledger.record('pair', { api: 'a', range: at(0), status: 'convert', reason: 'form', message: 'm', fixId: 1 }, 'rule');
    ledger.record('pair', { api: 'b', range: at(5), status: 'review', reason: 'non-gpl-module', message: 'm' }, 'rule');
    ledger.record('free', { api: 'c', range: at(10), status: 'convert', reason: 'form', message: 'm', fixId: 2 }, 'rule');
    const withdrawn = ledger.allOrNothing(rules, 'plan', ['match', 'rule', 'plan']);
    expect([...withdrawn]).toEqual([1]);
    const [a, , c] = ledger.findings();
    expect(a).toMatchObject({ status: 'review', reason: 'partner-site-refused' });
    expect(a!.message).toContain('(line 2: b, non-gpl-module)');
    expect(a!.related?.[0]?.range).toEqual(at(5));
    expect(c!.status).toBe('convert');
  });

  it('all or nothing: target-lacks-api and refusals by other stages do not count', () => {
    const ledger = new SiteLedger(new LineIndex(TEXT));
    ledger.record('pair', { api: 'a', range: at(0), status: 'convert', reason: 'form', message: 'm', fixId: 1 }, 'rule');
    const b = ledger.record('pair', { api: 'b', range: at(5), status: 'convert', reason: 'form', message: 'm', fixId: 2 }, 'rule');
    ledger.withdraw(b, 'plan', 'target-lacks-api');
    expect(ledger.allOrNothing(rules, 'plan', ['rule', 'plan']).size).toBe(0);
    const c = ledger.record('pair', { api: 'c', range: at(10), status: 'convert', reason: 'form', message: 'm', fixId: 3 }, 'rule');
    ledger.withdraw(c, 'reparse', 'new-parse-errors');
    expect(ledger.allOrNothing(rules, 'verify', ['verify']).size).toBe(0);
    expect(ledger.findings()[0]!.status).toBe('convert');
  });

  it('withdraws the sites of given fixes only while they are converted', () => {
    const ledger = new SiteLedger(new LineIndex(TEXT));
    ledger.record('free', { api: 'a', range: at(0), status: 'convert', reason: 'form', message: 'm', fixId: 1 }, 'rule');
    ledger.record('free', { api: 'b', range: at(5), status: 'convert', reason: 'form', message: 'm', fixId: 1 }, 'rule');
    ledger.record('free', { api: 'c', range: at(10), status: 'convert', reason: 'form', message: 'm', fixId: 2 }, 'rule');
    ledger.withdrawFixes(new Set([1]), 'apply', 'conflict');
    ledger.withdrawFixes(new Set([1]), 'verify', 'model-rejected');
    expect(ledger.findings().map((f) => `${f.api}:${f.reason}:${f.history.length}`)).toEqual(['a:conflict:2', 'b:conflict:2', 'c:form:1']);
  });
});
