/**
 * A second real tree: Debian's linux-source-6.1, rewritten for 6.19. Code
 * that 6.12 no longer has (aio's ring reader, the old cifs read path...)
 * found a rule and the model disagreeing; here the model must reject none
 * of the rules' rewrites, and decline only where tree-sitter could not parse
 * the function; every grep hit is accounted for and no rewritten file parses
 * worse.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { cacheDir, ensureKernelSource } from '../../src/validate/kernel-source/index.js';
import { runMigration, type RunResult } from '../../src/engine/pipeline/index.js';
import { RULES } from '../../src/rules/index.js';
import { grepCounts, parsesWorse } from './tree-checks.js';

const APIS = RULES.flatMap((r) => r.meta.apis);

let tree: string;
let run: RunResult;

beforeAll(async () => {
  tree = await ensureKernelSource('6.1', { cacheDir: cacheDir(process.env), log: (l) => process.stderr.write(`${l}\n`) });
  // --policy all: every rule's rewrites meet the model.
  run = await runMigration({ paths: [tree], mode: 'rewrite', targetVersion: { major: 6, minor: 19 }, accounting: true, policy: 'all' });
});

describe('whole linux-source-6.1 tree, rewritten for 6.19', () => {
  it('runs without an internal error and converts sites of every rule', () => {
    expect(run.diagnostics.filter((d) => d.code === 'rule-failed' || d.code === 'model-failed' || d.severity === 'error')).toEqual([]);
    // Report-only rules convert nothing.
    for (const r of RULES.filter((x) => !x.meta.reportOnly)) expect(run.summary.byRule[r.meta.id]?.convert ?? 0, r.meta.id).toBeGreaterThan(0);
  });

  it('has every rewrite the rules make accepted by the behaviour model, none rejected', () => {
    const m = run.summary.model;
    expect(m.rejectedByReason).toEqual({});
    expect(m.fixes.rejected).toBe(0);
    // Declining is allowed only where the changed function did not parse (a macro table that swallows it).
    expect(Object.keys(m.unjudgedByReason).filter((r) => r !== 'parse-error')).toEqual([]);
    expect(m.fixes.accepted).toBeGreaterThan(0.99 * (m.fixes.accepted + m.fixes.unjudged));
  });

  it('accounts for 100% of the grep -rwo hits', () => {
    const acc = run.accounting!;
    expect(acc.mismatches).toEqual([]);
    const grep = grepCounts(tree, APIS);
    for (const api of APIS) expect(acc.byApi[api]?.grep ?? 0, api).toBe(grep[api] ?? 0);
  });

  it('re-parses every rewritten file with no more ERROR or MISSING nodes than before', () => {
    expect(parsesWorse(run.files)).toEqual([]);
  });
});
