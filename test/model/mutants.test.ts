/**
 * The behaviour model against the mutation catalogue: every correct rewrite
 * (each corpus after.c against its before.c, and each model fixture) is
 * accepted, and every mutant is rejected with its expected first reason.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createCParser } from '../../src/engine/parse/index.js';
import { verifyChange, type ChangeVerdict } from '../../src/verify/index.js';
import { CORPUS_DIR, REPO_ROOT, loadCorpus } from '../harness/corpus.js';
import { MUTANTS } from './mutants.js';

const parser = createCParser();
const FIXTURES = path.join(REPO_ROOT, 'test', 'model', 'fixtures');

function pairOf(base: string): { before: string; after: string } {
  const dir = base.startsWith('fixtures/') ? path.join(FIXTURES, base.slice('fixtures/'.length)) : path.join(CORPUS_DIR, base.slice('corpus/'.length));
  return { before: readFileSync(path.join(dir, 'before.c'), 'utf8'), after: readFileSync(path.join(dir, 'after.c'), 'utf8') };
}

function summary(v: ChangeVerdict): string {
  return v.functions
    .map((f) => `${f.name}: ${f.verdict}${f.unjudged ? ` (${f.unjudged.reason}: ${f.unjudged.message})` : ''}${f.violations.map((x) => `\n  ${x.reason} @${x.line}: ${x.message}`).join('')}`)
    .join('\n');
}

describe('the model accepts every correct rewrite', () => {
  const corpus = loadCorpus().filter((c) => c.after !== undefined);
  it.each(corpus.map((c) => [`${c.rule}/${c.name}`, c] as const))('corpus %s', (_name, c) => {
    const v = verifyChange(c.before, c.after!, parser);
    expect(v.functions.length, 'the rewrite changes at least one function').toBeGreaterThan(0);
    expect(v.functions.every((f) => f.verdict === 'accepted'), summary(v)).toBe(true);
  });
  const fixtures = readdirSync(FIXTURES).filter((d) => existsSync(path.join(FIXTURES, d, 'after.c')));
  it.each(fixtures)('fixture %s', (name) => {
    const { before, after } = pairOf(`fixtures/${name}`);
    const v = verifyChange(before, after, parser);
    expect(v.functions.length).toBeGreaterThan(0);
    expect(v.functions.every((f) => f.verdict === 'accepted'), summary(v)).toBe(true);
  });
});

describe('the model rejects every mutant with the expected reason', () => {
  it('has at least 30 mutants with distinct ids', () => {
    expect(MUTANTS.length).toBeGreaterThanOrEqual(30);
    expect(new Set(MUTANTS.map((m) => m.id)).size).toBe(MUTANTS.length);
  });
  it.each(MUTANTS.map((m) => [m.id, m] as const))('%s', (_id, m) => {
    const { before, after } = pairOf(m.base);
    let mutated = after;
    for (const [from, to] of m.edits) {
      expect(mutated.split(from).length - 1, `"${from}" occurs once in ${m.base}/after.c`).toBe(1);
      mutated = mutated.replace(from, to);
    }
    const v = verifyChange(before, mutated, parser);
    const rejected = v.functions.filter((f) => f.verdict === 'rejected');
    expect(rejected.length, `${m.why}\n${summary(v)}`).toBeGreaterThan(0);
    expect(rejected.map((f) => f.violations[0]!.reason), summary(v)).toContain(m.expect);
  });
});

describe('an MMIO refusal after an acquisition that is given back is accepted', () => {
  it('refusing through the error path that releases the charge', () => {
    const { before, after } = pairOf('corpus/dma-ops-map-page-to-map-phys/space-indented-accounting');
    const moved = after
      .replace('\tif (unlikely(attrs & DMA_ATTR_MMIO))\n\t\treturn DMA_MAPPING_ERROR;\n\n', '')
      .replace('\t\tgoto out_fail;\n', '\t\tgoto out_fail;\n\tif (unlikely(attrs & DMA_ATTR_MMIO))\n\t\tgoto out_uncharge;\n');
    expect(moved).not.toBe(after);
    const v = verifyChange(before, moved, parser);
    expect(v.functions.every((f) => f.verdict === 'accepted'), summary(v)).toBe(true);
  });
});
