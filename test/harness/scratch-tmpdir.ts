/**
 * One scratch directory per test run, for every throwaway directory the
 * tests (and the CLIs they spawn) make: the configs pass it to the test
 * workers as TMPDIR (os.tmpdir() reads it), and this module, as the run's
 * global setup, removes it when the run ends. Without it each run left a few
 * thousand directories in /tmp.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const VARIABLE = 'DMA_MIGRATE_TEST_SCRATCH';

/** The run's scratch directory (made once per process, when a config asks for it). */
export function scratchTmpdir(): string {
  return (process.env[VARIABLE] ??= mkdtempSync(path.join(tmpdir(), 'dma-migrate-tests-')));
}

export default function setup(): () => void {
  return () => {
    const dir = process.env[VARIABLE];
    if (dir) rmSync(dir, { recursive: true, force: true });
  };
}
