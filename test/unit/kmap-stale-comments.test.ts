/**
 * A converted function whose comments still name the replaced API: the
 * comments are left as they are, and the commit-message notes name their
 * lines (the doc comment above the function counts; one further up does not).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CORPUS_DIR } from '../harness/corpus.js';
import { runOnText } from '../harness/run-case.js';

const before = readFileSync(path.join(CORPUS_DIR, 'kmap-atomic-to-local', 'stale-comment', 'before.c'), 'utf8');

describe('comments that still name kmap_atomic()', () => {
  it('are named by line in the notes of the function that holds them, and nowhere else', async () => {
    const { output, file } = await runOnText(before, ['kmap-atomic-to-local']);
    const notesOf = (line: number) => file!.findings.find((f) => f.line === line)?.notes ?? [];
    expect(notesOf(19).filter((n) => n.includes('comment'))).toEqual([
      'demo_copy_obj(): the comments at lines 10, 22 still name kmap_atomic(); dma-migrate does not edit comments: check they still describe the code.',
    ]);
    // The file's opening comment (line 2) is not the function's, and demo_peek()'s comment does not name the call.
    expect(notesOf(30).some((n) => n.includes('comment'))).toBe(false);
    // The comments themselves are untouched.
    expect(output).toContain('/* kunmap_atomic() calls must occur in reverse order of kmap_atomic(). */');
    expect(output).toContain(' * Both pages are mapped with kmap_atomic(), destination first.');
  });
});
