/** What `grep -rwo` finds of each API name in a tree's .c/.h files: the count the accounting must match. */
import { execFileSync } from 'node:child_process';

export function grepCounts(dir: string, apis: readonly string[]): Record<string, number> {
  const args = ['-rwoh', '--include=*.c', '--include=*.h', ...apis.flatMap((a) => ['-e', a]), '.'];
  const out = execFileSync('grep', args, { cwd: dir, env: { PATH: process.env.PATH, LC_ALL: 'C' }, encoding: 'utf8', maxBuffer: 256 << 20 });
  const counts: Record<string, number> = {};
  for (const w of out.split('\n').filter(Boolean)) counts[w] = (counts[w] ?? 0) + 1;
  return counts;
}
