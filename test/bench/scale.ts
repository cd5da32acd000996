/**
 * `npm run bench:scale` (not a test): how the cost of one file grows with its
 * size. Generates one C file of N kmap functions (N = 1k, 2k, 4k, 8k by
 * default; SCALE_SIZES=1000,2000 to choose) and a unified diff adding a
 * 17 MB file (SCALE_DIFF_FILES=170: 170 files of 100 KB), then times `scan`,
 * `rewrite` and `check --stdin-diff` on them under GNU time (wall, CPU, peak RSS). Linear cost means each doubling of N
 * roughly doubles the time.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const BIN = path.resolve(HERE, '..', '..', 'bin', 'dma-migrate.js');
const TIME = '/usr/bin/time';

/** One convertible kmap function (varying shape so the file is not one repeated token stream). */
export function kmapFunction(i: number): string {
  return `static void drv_copy_${i}(struct page *page, unsigned int off, void *dst, size_t len)
{
\tchar *kaddr = kmap_atomic(page);

\tif (len > ${(i % 7) + 1})
\t\tlen = ${(i % 7) + 1};
\tmemcpy(dst, kaddr + off, len);
\tkunmap_atomic(kaddr);
}

`;
}

export function kmapFile(n: number): string {
  let out = '// SPDX-License-Identifier: GPL-2.0\n#include <linux/highmem.h>\n\n';
  for (let i = 0; i < n; i++) out += kmapFunction(i);
  return out + 'MODULE_LICENSE("GPL");\n';
}

/** A diff adding `files` new files (one by default) of about `bytes` bytes of kmap functions in all. */
export function bigDiff(bytes: number, files = 1): string {
  let out = '';
  for (let f = 0; f < files; f++) {
    const name = files === 1 ? 'drivers/big/big.c' : `drivers/big/f${f}.c`;
    const lines: string[] = [];
    let size = 0;
    for (let i = 0; size < bytes / files; i++) {
      for (const l of kmapFunction(i).split('\n').slice(0, -1)) {
        lines.push(`+${l}`);
        size += l.length + 2;
      }
    }
    out += `diff --git a/${name} b/${name}\nnew file mode 100644\nindex 0000000..1111111\n--- /dev/null\n+++ b/${name}\n@@ -0,0 +1,${lines.length} @@\n${lines.join('\n')}\n`;
  }
  return out;
}

function timed(args: string[], cwd: string, input?: string): { wall: number; cpu: number; rssMB: number; code: number | null } {
  const report = path.join(cwd, 'time.txt');
  const r = spawnSync(TIME, ['-f', '%e %U %S %M', '-o', report, process.execPath, BIN, ...args], { cwd, input, stdio: [input === undefined ? 'ignore' : 'pipe', 'ignore', 'pipe'], maxBuffer: 1 << 30 });
  const [wall, user, sys, rss] = readFileSync(report, 'utf8').trim().split('\n').pop()!.split(' ').map(Number);
  return { wall: wall!, cpu: user! + sys!, rssMB: Math.round(rss! / 1024), code: r.status };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const dir = mkdtempSync(path.join(tmpdir(), 'dma-migrate-scale-'));
  const sizes = (process.env.SCALE_SIZES ?? '1000,2000,4000,8000').split(',').map(Number);
  const modes = (process.env.SCALE_MODES ?? 'scan,rewrite').split(',');
  console.log('functions  mode     wall s   cpu s  peak MB  exit');
  for (const n of sizes) {
    const file = path.join(dir, `kmap-${n}.c`);
    writeFileSync(file, kmapFile(n));
    for (const mode of modes) {
      const m = timed([mode, '-j', '1', file], dir);
      console.log(`${String(n).padStart(9)}  ${mode.padEnd(7)} ${m.wall.toFixed(2).padStart(7)} ${m.cpu.toFixed(2).padStart(7)} ${String(m.rssMB).padStart(8)}  ${m.code}`);
    }
  }
  if (process.env.SCALE_DIFF_MB !== '0') {
    const mb = Number(process.env.SCALE_DIFF_MB ?? '17');
    const files = Number(process.env.SCALE_DIFF_FILES ?? '1');
    const diff = bigDiff(mb * 1024 * 1024, files);
    const m = timed(['check', '--stdin-diff'], dir, diff);
    console.log(`check --stdin-diff on a ${(diff.length / 1048576).toFixed(1)} MB diff of ${files} file(s): ${m.wall.toFixed(2)} s wall, ${m.cpu.toFixed(2)} s CPU, ${m.rssMB} MB peak, exit ${m.code}`);
  }
}
