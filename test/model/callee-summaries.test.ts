/**
 * The behaviour model judges calls given a mapped address by the callee
 * summaries the rules used (the plan's, as data): a kmap() address handed to
 * a function that keeps it must stay a kmap() address, one handed to a
 * function that copies and returns may become a local mapping.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { defineRule, type Rule, type RuleContext } from '../../src/core/rule.js';
import { parseKernelVersion } from '../../src/core/target.js';
import { CalleeSummaries } from '../../src/engine/analyze/summaries/index.js';
import { createCParser } from '../../src/engine/parse/index.js';
import { runMigration } from '../../src/engine/pipeline/index.js';
import { RULES } from '../../src/rules/index.js';
import { verifyChange } from '../../src/verify/index.js';

const parser = createCParser();

const CALLEES = `static void *stashed;

static void stash(void *p)
{
	stashed = p;
}

static u32 sum(const u8 *p, size_t n)
{
	u32 s = 0;

	while (n--)
		s += *p++;
	return s;
}
`;

const OLD = (call: string) => `${CALLEES}
static u32 f(struct page *page, size_t n)
{
	u8 *addr = kmap(page);
	u32 r = ${call};

	kunmap(page);
	return r;
}
`;

const NEW = (call: string) => `${CALLEES}
static u32 f(struct page *page, size_t n)
{
	u8 *addr = kmap_local_page(page);
	u32 r = ${call};

	kunmap_local(addr);
	return r;
}
`;

const verdictOf = (oldText: string, newText: string, callees?: Parameters<typeof verifyChange>[3]['callees']) =>
  verifyChange(oldText, newText, parser, callees ? { callees } : {}).functions.find((x) => x.name === 'f')!;

describe('the model and the callee summaries', () => {
  it('rejects a kmap() → kmap_local_page() conversion whose address goes to a callee that keeps it', () => {
    const v = verdictOf(OLD('(stash(addr), 0)'), NEW('(stash(addr), 0)'), [{ callee: 'stash', arg: 0, keeps: true }]);
    expect(v.verdict).toBe('rejected');
    expect(v.violations[0]).toMatchObject({ reason: 'local-mapping-kept-by-callee' });
    expect(v.violations[0]!.message).toContain('stash()');
  });

  it('accepts it when the summary says the callee copies and returns', () => {
    const v = verdictOf(OLD('sum(addr, n)'), NEW('sum(addr, n)'), [{ callee: 'sum', arg: 0, keeps: false }]);
    expect(v.verdict).toBe('accepted');
  });

  it('rejects it when no summary covers the callee (unknown: it may keep the pointer)', () => {
    const v = verdictOf(OLD('sum(addr, n)'), NEW('sum(addr, n)'), [{ callee: 'sum', arg: 1, keeps: false }]);
    expect(v.verdict).toBe('rejected');
    expect(v.violations[0]!.message).toContain('no callee summary covers it');
  });

  it('follows the address through pointer arithmetic, and into calls inside constructs it does not open', () => {
    const oldText = OLD('0').replace('\tkunmap(page);', '\tif (n)\n\t\tstash(addr + 4);\n\tkunmap(page);');
    const newText = NEW('0').replace('\tkunmap_local(addr);', '\tif (n)\n\t\tstash(addr + 4);\n\tkunmap_local(addr);');
    expect(verdictOf(oldText, newText, [{ callee: 'stash', arg: 0, keeps: true }]).verdict).toBe('rejected');
    expect(verdictOf(oldText, newText, [{ callee: 'stash', arg: 0, keeps: false }]).verdict).toBe('accepted');
  });

  it('does not count a value read through the mapping as the address', () => {
    const v = verdictOf(OLD('(stash((void *)(unsigned long)addr[2]), 0)'), NEW('(stash((void *)(unsigned long)addr[2]), 0)'), []);
    expect(v.verdict).toBe('accepted');
  });

  it('leaves kmap_atomic() conversions alone: the old atomic mapping was passed just the same', () => {
    const oldText = OLD('(stash(addr), 0)').replace('kmap(page)', 'kmap_atomic(page)').replace('kunmap(page)', 'kunmap_atomic(addr)');
    expect(verdictOf(oldText, NEW('(stash(addr), 0)'), []).verdict).toBe('accepted');
  });

  it('does not judge calls for what they keep without summaries (validate on a patch)', () => {
    expect(verdictOf(OLD('(stash(addr), 0)'), NEW('(stash(addr), 0)')).verdict).toBe('accepted');
  });
});

const real = RULES.find((r) => r.meta.id === 'kmap-to-local')!;

/**
 * A kmap-to-local that consults the callee summaries (and records them for
 * the model, as the real rule does) but ignores their answer: it converts
 * every kmap()/kunmap() pair of the function `f`.
 */
const ignoresSummaries: Rule = defineRule({
  meta: real.meta,
  check(ctx: RuleContext) {
    const summaries = new CalleeSummaries(ctx.root, undefined);
    for (const call of ctx.root.descendantsOfType('call_expression')) {
      const name = call.childForFieldName('function')?.text;
      const args = call.childForFieldName('arguments')?.namedChildren ?? [];
      args.forEach((a, i) => {
        if (a.text === 'addr' && name && name !== 'kunmap') ctx.noteCallee?.({ callee: name, arg: i, keeps: summaries.summaryOf(name)?.keeps(i) ?? true });
      });
    }
    const edits = ctx.matches.map((m) => {
      const call = m.node('call');
      const text = m.api.text === 'kmap' ? `kmap_local_page${call.text.slice('kmap'.length)}` : 'kunmap_local(addr)';
      return { range: { start: call.startIndex, end: call.endIndex }, text };
    });
    const fixId = ctx.addFix(edits);
    for (const m of ctx.matches) ctx.report({ api: m.api.text, at: m.api, status: 'convert', reason: 'kmap-local', verdict: 'auto', fixId });
  },
});

async function rewrite(rule: Rule, text: string) {
  const dir = mkdtempSync(path.join(tmpdir(), 'dma-migrate-callees-'));
  writeFileSync(path.join(dir, 'drv.c'), text);
  const result = await runMigration({ paths: [path.join(dir, 'drv.c')], mode: 'rewrite', root: dir, ruleSet: [rule], targetVersion: parseKernelVersion('6.12')! });
  return result.files.find((f) => f.path === 'drv.c')!;
}

describe('rule and model agree through the plan', () => {
  it('the model withdraws a conversion a rule made although the callee keeps the pointer', async () => {
    const file = await rewrite(ignoresSummaries, OLD('(stash(addr), 0)'));
    expect(file.output).toBeUndefined();
    expect(file.model?.problems[0]).toMatchObject({ function: 'f', verdict: 'rejected', reason: 'local-mapping-kept-by-callee' });
  });

  it('the model accepts the same rule where the callee copies and returns', async () => {
    const file = await rewrite(ignoresSummaries, OLD('sum(addr, n)'));
    expect(file.output).toContain('kmap_local_page(page)');
    expect(file.model?.problems).toEqual([]);
  });

  it('the real rule refuses the keeper and converts the copier, and the model accepts what it converts', async () => {
    const kept = await rewrite(real, OLD('(stash(addr), 0)'));
    expect(kept.findings.find((f) => f.api === 'kmap')).toMatchObject({ status: 'review', reason: 'mapping-passed-to-function' });
    const copied = await rewrite(real, OLD('sum(addr, n)'));
    expect(copied.output).toContain('kunmap_local(addr)');
    expect(copied.model).toMatchObject({ fixes: { accepted: 1, rejected: 0 } });
  });
});
