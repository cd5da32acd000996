import { mkdtempSync, readFileSync, readdirSync, statSync, writeFileSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { FileOutcome } from '../../src/core/outcome.js';
import { writeOutcome } from '../../src/deliver/output/write.js';

function outcomeFor(abs: string, original: string, output: string): FileOutcome {
  const st = statSync(abs);
  return { path: path.basename(abs), absPath: abs, candidate: true, findings: [], occurrences: [], diagnostics: [], applied: [], encoding: 'utf8', original, output, stamp: { size: st.size, mtimeMs: st.mtimeMs } };
}

describe('atomic write', () => {
  it('replaces the file, keeps its mode and leaves no temporary file', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'dma-migrate-w-'));
    const f = path.join(dir, 'a.c');
    writeFileSync(f, 'old\n');
    chmodSync(f, 0o640);
    expect(writeOutcome(outcomeFor(f, 'old\n', 'new\n'), 't')).toBeUndefined();
    expect(readFileSync(f, 'utf8')).toBe('new\n');
    expect(statSync(f).mode & 0o777).toBe(0o640);
    expect(readdirSync(dir)).toEqual(['a.c']);
  });
  it('refuses a file that changed since it was read', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'dma-migrate-w-'));
    const f = path.join(dir, 'a.c');
    writeFileSync(f, 'old\n');
    const o = outcomeFor(f, 'old\n', 'new\n');
    writeFileSync(f, 'edited meanwhile\n');
    expect(writeOutcome(o, 't')?.code).toBe('changed-since-read');
    expect(readFileSync(f, 'utf8')).toBe('edited meanwhile\n');
  });
});
