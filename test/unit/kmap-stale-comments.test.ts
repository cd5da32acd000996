/**
 * A converted function whose comments still name the replaced API: the
 * comments are left as they are, and a to-do for the author names their
 * lines (the doc comment above the function counts; one further up does not).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CORPUS_DIR } from '../harness/corpus.js';
import { runOnText } from '../harness/run-case.js';

const before = readFileSync(path.join(CORPUS_DIR, 'kmap-atomic-to-local', 'stale-comment', 'before.c'), 'utf8');

describe('comments that still name kmap_atomic()', () => {
  it('are named by line in a to-do of the function that holds them (not in its commit-message notes), and nowhere else', async () => {
    const { output, file, result } = await runOnText(before, ['kmap-atomic-to-local']);
    const at = (line: number) => file!.findings.find((f) => f.line === line)!;
    expect(at(19).todo).toEqual(['demo_copy_obj(): the comments at lines 10, 22 still name kmap_atomic(); dma-migrate does not edit comments: check they still describe the code']);
    expect(at(23).todo).toEqual(at(19).todo);
    expect(at(19).notes!.some((n) => n.includes('comment'))).toBe(false);
    // The file's opening comment (line 2) is not the function's, and demo_peek()'s comment does not name the call.
    expect(at(30).todo).toBeUndefined();
    expect(at(30).verdict).toBe('auto');
    expect(result.summary.byRule['kmap-atomic-to-local']!.verdicts).toEqual({ 'auto-with-note': 4, auto: 2 });
    // The comments themselves are untouched.
    expect(output).toContain('/* kunmap_atomic() calls must occur in reverse order of kmap_atomic(). */');
    expect(output).toContain(' * Both pages are mapped with kmap_atomic(), destination first.');
  });
});
