/**
 * `npm run bench:scale` (not a test): how the cost of one file grows with its
 * size. Generates one C file of N kmap functions (N = 1k, 2k, 4k, 8k by
 * default; SCALE_SIZES=1000,2000 to choose) and a unified diff adding a
 * 17 MB file and one adding 170 files of 100 KB (SCALE_DIFF_FILES, default "1,170"), then times `scan`,
 * `rewrite` and `check --stdin-diff` on them under GNU time (wall, CPU, peak RSS). Linear cost means each doubling of N
 * roughly doubles the time. Every run passes --no-cache (it measures the work, not a replay).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { bigDiff, kmapFile } from './kmap-file.js';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const BIN = path.resolve(HERE, '..', '..', 'bin', 'dma-migrate.js');
const TIME = '/usr/bin/time';

function timed(args: string[], cwd: string, input?: string): { wall: number; cpu: number; rssMB: number; code: number | null } {
  const report = path.join(cwd, 'time.txt');
  const r = spawnSync(TIME, ['-f', '%e %U %S %M', '-o', report, process.execPath, BIN, ...args], { cwd, input, stdio: [input === undefined ? 'ignore' : 'pipe', 'ignore', 'pipe'], maxBuffer: 1 << 30 });
  const [wall, user, sys, rss] = readFileSync(report, 'utf8').trim().split('\n').pop()!.split(' ').map(Number);
  return { wall: wall!, cpu: user! + sys!, rssMB: Math.round(rss! / 1024), code: r.status };
}

function main(): void {
  const dir = mkdtempSync(path.join(tmpdir(), 'dma-migrate-scale-'));
  const sizes = (process.env.SCALE_SIZES ?? '1000,2000,4000,8000').split(',').map(Number);
  const modes = (process.env.SCALE_MODES ?? 'scan,rewrite').split(',');
  console.log('functions  mode     wall s   cpu s  peak MB  exit');
  for (const n of sizes) {
    const file = path.join(dir, `kmap-${n}.c`);
    writeFileSync(file, kmapFile(n));
    for (const mode of modes) {
      const m = timed([mode, '-j', '1', '--no-cache', file], dir);
      console.log(`${String(n).padStart(9)}  ${mode.padEnd(7)} ${m.wall.toFixed(2).padStart(7)} ${m.cpu.toFixed(2).padStart(7)} ${String(m.rssMB).padStart(8)}  ${m.code}`);
    }
  }
  if (process.env.SCALE_DIFF_MB !== '0') {
    const mb = Number(process.env.SCALE_DIFF_MB ?? '17');
    for (const files of (process.env.SCALE_DIFF_FILES ?? '1,170').split(',').map(Number)) {
      const diff = bigDiff(mb * 1024 * 1024, files);
      const m = timed(['check', '--stdin-diff', '--no-cache'], dir, diff);
      console.log(`check --stdin-diff on a ${(diff.length / 1048576).toFixed(1)} MB diff of ${files} file(s): ${m.wall.toFixed(2)} s wall, ${m.cpu.toFixed(2)} s CPU, ${m.rssMB} MB peak, exit ${m.code}`);
    }
  }
}

main();
