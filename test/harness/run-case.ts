/** Run dma-migrate's pipeline on a corpus case in a scratch directory. */
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FileOutcome } from '../../src/core/outcome.js';
import { parseKernelVersion } from '../../src/core/target.js';
import { runMigration, type RunResult } from '../../src/engine/pipeline/index.js';
import type { CaseOptions } from './corpus.js';

export interface CaseRun {
  readonly output: string;
  readonly file: FileOutcome | undefined;
  readonly result: RunResult;
}

export async function runOnText(text: string, rules: string[], options: CaseOptions = {}): Promise<CaseRun> {
  const dir = mkdtempSync(path.join(tmpdir(), 'dma-migrate-case-'));
  try {
    const name = options.fileName ?? 'before.c';
    const file = path.join(dir, name);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, text);
    for (const [sib, content] of Object.entries(options.siblings ?? {})) {
      mkdirSync(path.dirname(path.join(dir, sib)), { recursive: true });
      writeFileSync(path.join(dir, sib), content);
    }
    const target = options.targetVersion ? parseKernelVersion(options.targetVersion) : undefined;
    const result = await runMigration({
      paths: [options.wholeDirectory ? dir : file],
      mode: 'rewrite',
      rules,
      root: dir,
      ...(target ? { targetVersion: target } : {}),
      ...(options.policy ? { policy: options.policy } : {}),
      ...(options.includeHeaders ? { includeHeaders: true } : {}),
    });
    const outcome = result.files.find((f) => f.path === name);
    return { output: outcome?.output ?? text, file: outcome, result };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
