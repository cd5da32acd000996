/**
 * Run the invariants over generated files with fast-check. The seed comes
 * from GEN_SEED (and GEN_PATH to go straight to a shrunk case) when set, so
 * a failure printed by any run can be replayed; on failure the message
 * starts with the command that replays it and the shrunk C file is written
 * beside the system's temporary files, ready to become a corpus case.
 */
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { checkInvariants } from './invariants.js';
import { fileArbitrary, renderFile } from './shapes.js';

export interface GenerativeRun {
  readonly numRuns: number;
  /** The test file, for the replay command. */
  readonly testFile: string;
  readonly script: 'test' | 'test:kernel';
  /** The seed when GEN_SEED is not set; random when absent. */
  readonly defaultSeed?: number;
}

export async function runGenerative(run: GenerativeRun): Promise<{ seed: number; numRuns: number }> {
  const random = () => Date.now() ^ (Math.random() * 0x100000000);
  const env = process.env.GEN_SEED;
  const seed = env === 'random' ? random() : env !== undefined ? Number(env) : (run.defaultSeed ?? random());
  const replayPath = process.env.GEN_PATH;
  const property = fc.asyncProperty(fileArbitrary, async (shape) => {
    // Let the test runner's messages through between cases (a long run otherwise starves them).
    await new Promise((resolve) => setImmediate(resolve));
    const text = renderFile(shape);
    const problems = await checkInvariants(text);
    if (problems.length > 0) throw new Error(`${problems.join('\n')}\n--- generated file ---\n${text}`);
  });
  try {
    await fc.assert(property, { numRuns: run.numRuns, seed, ...(replayPath ? { path: replayPath } : {}) });
  } catch (err) {
    // fast-check 4 keeps the property's own error (the violations and the file) as the cause.
    const cause = (err as Error).cause;
    const message = `${(err as Error).message}${cause instanceof Error ? `\n${cause.message}` : ''}`;
    const path0 = /path: "([^"]*)"/.exec(message)?.[1];
    const shrunk = /--- generated file ---\n([\s\S]*?)$/.exec(message)?.[1];
    let saved = '';
    if (shrunk) {
      const file = path.join(tmpdir(), `dma-migrate-generative-${seed}.c`);
      writeFileSync(file, shrunk);
      saved = `\nshrunk input written to ${file}`;
    }
    const replay = `GEN_SEED=${seed}${path0 ? ` GEN_PATH='${path0}'` : ''} npx vitest run${run.script === 'test:kernel' ? ' --config vitest.kernel.config.ts' : ''} ${run.testFile}`;
    throw new Error(`generative suite failed (seed ${seed}); replay with:\n  ${replay}${saved}\n\n${message}`);
  }
  return { seed, numRuns: run.numRuns };
}
