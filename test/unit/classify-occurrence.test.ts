import { describe, expect, it } from 'vitest';
import { classifyOccurrence } from '../../src/engine/match/index.js';
import { createCParser } from '../../src/engine/parse/index.js';

const parser = createCParser();

function classify(src: string, marker: string, nth = 0): { class: string; detail: string } {
  const tree = parser.parse(src);
  let idx = -1;
  for (let i = 0; i <= nth; i++) idx = src.indexOf(marker, idx + 1);
  return classifyOccurrence(tree.rootNode, idx, idx + marker.length);
}

describe('classifyOccurrence', () => {
  it('tells comments, strings, prototypes, define names, fields and locals apart', () => {
    expect(classify('/* kmap_atomic */', 'kmap_atomic')).toEqual({ class: 'not-a-call', detail: 'comment' });
    expect(classify('char *s = "kmap_atomic";', 'kmap_atomic')).toEqual({ class: 'not-a-call', detail: 'string' });
    expect(classify('void *kmap_atomic(struct page *p);', 'kmap_atomic')).toEqual({ class: 'not-a-call', detail: 'declaration' });
    expect(classify('#define kmap_atomic(p) foo(p)\n', 'kmap_atomic')).toEqual({ class: 'not-a-call', detail: 'define-name' });
    expect(classify('#define MAP(p) kmap_atomic(p)\n', 'kmap_atomic')).toEqual({ class: 'inside-macro-body', detail: 'macro-body' });
    expect(classify('#undef kmap_atomic\n', 'kmap_atomic')).toEqual({ class: 'not-a-call', detail: 'preprocessor' });
    expect(classify('void f(void) { ops->kmap_atomic(p); }', 'kmap_atomic')).toEqual({ class: 'not-a-call', detail: 'field' });
    expect(classify('struct o { void *(*kmap_atomic)(void); };', 'kmap_atomic')).toEqual({ class: 'not-a-call', detail: 'member-declaration' });
    expect(classify('void f(void) { int kmap = 1; kmap++; }', 'kmap', 1)).toEqual({ class: 'not-a-call', detail: 'local-name' });
    expect(classify('DEFINE_EVENT(dma_map, dma_map_page, TP_PROTO(int x), TP_ARGS(x));', 'dma_map_page')).toEqual({ class: 'not-a-call', detail: 'macro-argument' });
  });
  it('reports calls and value uses as sites', () => {
    expect(classify('void f(void) { kmap_atomic(p); }', 'kmap_atomic')).toEqual({ class: 'site', detail: 'call' });
    expect(classify('void f(void) { fn = kmap_atomic; }', 'kmap_atomic')).toEqual({ class: 'site', detail: 'value' });
    expect(classify('void f(void) { REGISTER(kmap_atomic); }', 'kmap_atomic')).toEqual({ class: 'site', detail: 'value' });
  });
  it('reports occurrences inside ERROR nodes as parse errors', () => {
    expect(classify('int f( { kmap_atomic(p); }', 'kmap_atomic').class).toBe('parse-error');
  });
});
