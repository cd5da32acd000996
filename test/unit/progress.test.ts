import { describe, expect, it } from 'vitest';
import type { CliIO } from '../../src/cli/io.js';
import { createProgress } from '../../src/cli/render/progress.js';

function io(isTTY: boolean, env: NodeJS.ProcessEnv = {}) {
  const chunks: string[] = [];
  const stream = { isTTY, columns: 100, write: (c: string | Uint8Array) => chunks.push(String(c)), cursorTo: () => true, clearLine: () => true, moveCursor: () => true, on: () => stream, removeListener: () => stream };
  const cli: CliIO = { stdout: { write: () => true }, stderr: stream, env, pid: 1 };
  return { cli, chunks };
}

describe('progress bar', () => {
  it('stays quiet for a short run and draws on a terminal once the run is long', () => {
    let now = 0;
    const { cli, chunks } = io(true);
    const p = createProgress(cli, () => now);
    p.onEvent({ kind: 'discovered', files: 1000 });
    p.onEvent({ kind: 'file-done', done: 10, total: 1000, path: 'a.c' });
    expect(chunks.join('')).toBe('');
    now = 1500;
    p.onEvent({ kind: 'file-done', done: 500, total: 1000, path: 'drivers/b.c' });
    p.stop();
    expect(chunks.join('')).toContain('500/1000');
  });
  it('never draws when stderr is not a terminal or CI is set', () => {
    for (const [tty, env] of [[false, {}], [true, { CI: 'true' }]] as const) {
      let now = 0;
      const { cli, chunks } = io(tty, env);
      const p = createProgress(cli, () => now);
      now = 5000;
      p.onEvent({ kind: 'file-done', done: 1, total: 1000, path: 'a.c' });
      p.stop();
      expect(chunks).toEqual([]);
    }
  });
});
