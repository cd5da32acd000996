/**
 * The providers of Debian's 6.12 tree rewritten for 6.19, against the model's
 * MMIO placement contract: every rewrite is accepted, and the same rewrite
 * with its DMA_ATTR_MMIO refusal moved (through the syntax tree) past the
 * first statement of the body that allocates or locks is never accepted.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { FileOutcome } from '../../src/core/outcome.js';
import type { SyntaxNode } from '../../src/core/syntax.js';
import { parseKernelVersion } from '../../src/core/target.js';
import { cacheDir, ensureKernelSource } from '../../src/validate/kernel-source/index.js';
import { createCParser } from '../../src/engine/parse/index.js';
import { runMigration } from '../../src/engine/pipeline/index.js';
import { verifyChange } from '../../src/verify/index.js';

const parser = createCParser();
/** A call whose name has the word alloc or lock (`vio_cmo_alloc`, `spin_lock_irqsave`; not `dma_kmalloc_needs_bounce`). */
function acquires(stmt: SyntaxNode): boolean {
  return stmt.descendantsOfType('call_expression').some((c) => (c.childForFieldName('function')?.text ?? '').split('_').some((w) => w === 'alloc' || w === 'lock'));
}

/** Move each `if (unlikely(attrs & DMA_ATTR_MMIO)) return DMA_MAPPING_ERROR;` after the next top-level statement that allocates or locks. */
function refuseLate(text: string, root: SyntaxNode): string | undefined {
  for (const check of root.descendantsOfType('if_statement')) {
    if (!/^if \(unlikely\(\w+ & DMA_ATTR_MMIO\)\)\s*return DMA_MAPPING_ERROR;$/.test(check.text.replace(/\s+/g, ' '))) continue;
    const body = check.parent;
    if (body?.type !== 'compound_statement') continue;
    const later = body.namedChildren.filter((s) => s.startIndex > check.endIndex);
    const acquiring = later.find((s) => s.type !== 'return_statement' && acquires(s));
    if (!acquiring) continue;
    const lineStart = text.lastIndexOf('\n', check.startIndex) + 1;
    const lineEnd = text.indexOf('\n', check.endIndex) + 1;
    const block = text.slice(lineStart, lineEnd);
    const insertAt = text.indexOf('\n', acquiring.endIndex) + 1;
    return text.slice(0, lineStart) + text.slice(lineEnd, insertAt) + block + text.slice(insertAt);
  }
  return undefined;
}

describe('the MMIO refusal of the 6.12 providers rewritten for 6.19', () => {
  let changed: FileOutcome[] = [];
  beforeAll(async () => {
    const tree = await ensureKernelSource('6.12', { cacheDir: cacheDir(process.env) });
    const run = await runMigration({ paths: [tree], mode: 'rewrite', noVerify: true, rules: ['dma-ops-map-page-to-map-phys'], targetVersion: parseKernelVersion('6.19')! });
    changed = run.files.filter((f) => f.original !== undefined && f.output !== undefined);
  });

  it('is accepted where the rule put it', () => {
    expect(changed.length).toBeGreaterThan(10);
    const verdicts = changed.flatMap((f) => verifyChange(f.original!, f.output!, parser).functions);
    expect(verdicts.filter((v) => v.verdict !== 'accepted').map((v) => v.name)).toEqual([]);
  });

  it('is rejected after an allocation or a lock it does not give back', () => {
    const tried: string[] = [];
    const missed: string[] = [];
    for (const f of changed) {
      const mutated = refuseLate(f.output!, parser.parse(f.output!).rootNode);
      if (mutated === undefined) continue;
      tried.push(f.path);
      const reasons = verifyChange(f.original!, mutated, parser).functions.flatMap((v) => v.violations.map((x) => x.reason));
      if (!reasons.includes('mmio-refused-after-acquire')) missed.push(f.path);
    }
    expect(tried.length).toBeGreaterThanOrEqual(4);
    expect(missed).toEqual([]);
  });
});
