/** Checks both whole-tree tests make: grep's count of each API name, and rewritten files that parse worse. */
import { execFileSync } from 'node:child_process';
import type { FileOutcome } from '../../src/core/outcome.js';
import { countErrorNodes, createCParser } from '../../src/engine/parse/index.js';

/** What `grep -rwo` finds of each API name in a tree's .c/.h files: the count the accounting must match. */
export function grepCounts(dir: string, apis: readonly string[]): Record<string, number> {
  const args = ['-rwoh', '--include=*.c', '--include=*.h', ...apis.flatMap((a) => ['-e', a]), '.'];
  const out = execFileSync('grep', args, { cwd: dir, env: { PATH: process.env.PATH, LC_ALL: 'C' }, encoding: 'utf8', maxBuffer: 256 << 20 });
  const counts: Record<string, number> = {};
  for (const w of out.split('\n').filter(Boolean)) counts[w] = (counts[w] ?? 0) + 1;
  return counts;
}

/** Rewritten files with more ERROR or MISSING nodes than before, as `path: before -> after`. */
export function parsesWorse(files: readonly FileOutcome[]): string[] {
  const parser = createCParser();
  const worse: string[] = [];
  for (const f of files) {
    if (f.output === undefined || f.original === undefined) continue;
    const before = countErrorNodes(parser.parseNormalised(f.original).rootNode);
    const after = countErrorNodes(parser.parseNormalised(f.output).rootNode);
    if (after > before) worse.push(`${f.path}: ${before} -> ${after}`);
  }
  return worse;
}
