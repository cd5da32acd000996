/**
 * `npm run bench` (not a test): on Debian's linux-source-6.12 tree, time in
 * one run the grep floor, `dma-migrate scan` and `rewrite` over the whole
 * tree, and Coccinelle's spatch with the semantic patches beside this file on
 * the same prefiltered file list. Prints wall, CPU and peak RSS of each, and
 * the ratios against the targets. Environment: BENCH_RUNS (default 1; grep
 * always takes the median of 3), BENCH_SKIP_SPATCH=1.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { cacheDir, ensureKernelSource } from '../../src/validate/kernel-source/index.js';
import { RULES } from '../../src/rules/index.js';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const REPO = path.resolve(HERE, '..', '..');
const BIN = path.join(REPO, 'bin', 'dma-migrate.js');
const TIME = '/usr/bin/time';

interface Measure {
  readonly name: string;
  readonly wall: number;
  readonly cpu: number;
  readonly rssMB: number;
  readonly note: string;
}

const scratch = mkdtempSync(path.join(tmpdir(), 'dma-migrate-bench-'));

/** Run under GNU time; stdout goes to `stdoutFile`. Exit codes in `okCodes` are success. */
function timed(name: string, cmd: string, args: string[], cwd: string, stdoutFile: string, okCodes = [0], note = ''): Measure {
  const report = path.join(scratch, 'time.txt');
  const r = spawnSync(TIME, ['-f', '%e %U %S %M', '-o', report, cmd, ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 1 << 30 });
  writeFileSync(stdoutFile, r.stdout ?? '');
  if (r.status === null || !okCodes.includes(r.status)) {
    throw new Error(`${name}: ${cmd} exited ${r.status ?? r.signal}\n${String(r.stderr).slice(-2000)}`);
  }
  const fields = readFileSync(report, 'utf8').trim().split('\n').pop()!.split(' ').map(Number);
  const [wall, user, sys, rssKB] = fields as [number, number, number, number];
  return { name, wall, cpu: user + sys, rssMB: rssKB / 1024, note };
}

function median(ms: Measure[]): Measure {
  return [...ms].sort((a, b) => a.wall - b.wall)[Math.floor(ms.length / 2)]!;
}

function repeat(n: number, f: () => Measure): Measure {
  return median(Array.from({ length: n }, f));
}

async function main(): Promise<void> {
  try {
    execFileSync(TIME, ['true'], { stdio: 'ignore' });
  } catch {
    throw new Error(`${TIME} (Debian package "time") is needed to measure CPU time and peak RSS`);
  }
  const runs = Math.max(1, Number(process.env.BENCH_RUNS ?? 1));
  const tree = await ensureKernelSource('6.12', { cacheDir: cacheDir(process.env), log: (l) => process.stderr.write(`${l}\n`) });
  const apis = [...new Set(RULES.flatMap((r) => r.meta.apis))];
  const cores = availableParallelism();
  process.stderr.write(`tree ${tree}, ${cores} cores, ${apis.length} identifiers\n`);

  const grepArgs = ['-rlw', '--include=*.c', '--include=*.h', ...apis.flatMap((a) => ['-e', a]), '.'];
  const fileList = path.join(scratch, 'files.txt');
  // Warm the page cache once (not timed), as every measured run after it sees a warm cache.
  spawnSync('grep', grepArgs, { cwd: tree, stdio: 'ignore', env: { ...process.env, LC_ALL: 'C' } });
  process.env.LC_ALL = 'C';
  const results: Measure[] = [];
  const grep = repeat(3, () => timed('grep -rlw (floor)', 'grep', grepArgs, tree, fileList, [0], 'median of 3'));
  const files = readFileSync(fileList, 'utf8').split('\n').filter(Boolean);
  results.push({ ...grep, note: `${files.length} files; median of 3` });

  const scan = repeat(runs, () => timed('dma-migrate scan', process.execPath, [BIN, 'scan', tree], tree, path.join(scratch, 'scan.txt'), [0, 1]));
  results.push({ ...scan, note: `--jobs ${cores} (default)` });
  // The report-only provenance check alone: whole-file parses of the files naming a sink and a source.
  const provenance = repeat(runs, () => timed('dma-migrate scan -r phys-addr-provenance', process.execPath, [BIN, 'scan', '--rule', 'phys-addr-provenance', tree], tree, path.join(scratch, 'provenance.txt'), [0, 1]));
  const provenanceFindings = readFileSync(path.join(scratch, 'provenance.txt'), 'utf8').split('\n').filter((l) => l.includes('(phys-addr-provenance:')).length;
  results.push({ ...provenance, note: `report-only RAM/MMIO check: ${provenanceFindings} findings` });
  const rewrite = repeat(runs, () => timed('dma-migrate rewrite', process.execPath, [BIN, 'rewrite', '--target-version', '6.19', tree], tree, path.join(scratch, 'rewrite.diff'), [0, 1]));
  const diff = readFileSync(path.join(scratch, 'rewrite.diff'), 'utf8');
  const changed = (diff.match(/^diff --git /gm) ?? []).length;
  results.push({ ...rewrite, note: `--target-version 6.19: ${changed} files in the diff` });
  const single = timed('dma-migrate rewrite --jobs 1', process.execPath, [BIN, 'rewrite', '--jobs', '1', '--target-version', '6.19', tree], tree, path.join(scratch, 'rewrite1.diff'), [0, 1]);
  results.push({ ...single, note: 'one thread' });
  // What the rules cost without the behaviour model: the part spatch does too (it proves nothing).
  const unverified = repeat(runs, () => timed('dma-migrate rewrite --no-verify', process.execPath, [BIN, 'rewrite', '--no-verify', '--target-version', '6.19', tree], tree, path.join(scratch, 'rewrite-nv.diff'), [0, 1]));
  results.push({ ...unverified, note: 'rules only, no behaviour model' });

  let spatchTotal: Measure | undefined;
  if (process.env.BENCH_SKIP_SPATCH !== '1') {
    if (spawnSync('spatch', ['--version'], { stdio: 'ignore' }).status !== 0) {
      throw new Error('spatch is not installed: apt-get install coccinelle (or set BENCH_SKIP_SPATCH=1)');
    }
    // One group per file, so --jobs spreads them; the same prefiltered list as the grep floor.
    const groups = path.join(scratch, 'groups.txt');
    writeFileSync(groups, files.map((f) => `${f}\n\n`).join(''));
    const spatch = (name: string, cocci: string) =>
      repeat(runs, () => {
        const m = timed(name, 'spatch', ['--sp-file', path.join(HERE, cocci), '--file-groups', groups, '--jobs', String(cores), '--no-includes', '--include-headers', '--very-quiet'], tree, path.join(scratch, `${cocci}.patch`), [0]);
        const patch = readFileSync(path.join(scratch, `${cocci}.patch`), 'utf8');
        return { ...m, note: `--jobs ${cores}: ${(patch.match(/^diff /gm) ?? patch.match(/^--- /gm) ?? []).length} files in the patch` };
      });
    const dma = spatch('spatch DMA rule', 'dma-page-to-phys.cocci');
    const kmap = spatch('spatch kmap_atomic rule', 'kmap-atomic-to-local.cocci');
    spatchTotal = { name: 'spatch, both rules', wall: dma.wall + kmap.wall, cpu: dma.cpu + kmap.cpu, rssMB: Math.max(dma.rssMB, kmap.rssMB), note: 'sum of the two runs' };
    results.push(dma, kmap, spatchTotal);
  }

  const w = Math.max(...results.map((r) => r.name.length));
  const out: string[] = [];
  out.push(`linux-source-6.12 (${tree}), ${cores} cores, warm page cache, ${runs === 1 ? 'single runs' : `median of ${runs}`}`);
  out.push(`${'what'.padEnd(w)}  ${'wall s'.padStart(7)}  ${'CPU s'.padStart(7)}  ${'peak RSS MB'.padStart(11)}  note`);
  for (const r of results) out.push(`${r.name.padEnd(w)}  ${r.wall.toFixed(2).padStart(7)}  ${r.cpu.toFixed(2).padStart(7)}  ${r.rssMB.toFixed(0).padStart(11)}  ${r.note}`);
  out.push('');
  const check = (ok: boolean) => (ok ? 'met' : 'NOT met');
  out.push(`rewrite wall: ${rewrite.wall.toFixed(2)} s (target <= 10 s on 2 cores: ${check(rewrite.wall <= 10)})`);
  out.push(`rewrite / grep floor: ${(rewrite.wall / grep.wall).toFixed(2)}x (target <= 3x: ${check(rewrite.wall <= 3 * grep.wall)})`);
  out.push(`scan / grep floor: ${(scan.wall / grep.wall).toFixed(2)}x`);
  if (spatchTotal) out.push(`spatch (both rules) / rewrite: ${(spatchTotal.wall / rewrite.wall).toFixed(2)}x faster (target >= 6x: ${check(spatchTotal.wall >= 6 * rewrite.wall)})`);
  out.push(`rewrite --no-verify / grep floor: ${(unverified.wall / grep.wall).toFixed(2)}x${spatchTotal ? `; spatch (both rules) / rewrite --no-verify: ${(spatchTotal.wall / unverified.wall).toFixed(2)}x` : ''} (for comparison; the targets are on the verified rewrite)`);
  out.push(`behaviour model: ${(rewrite.wall - unverified.wall).toFixed(2)} s of the rewrite's wall, ${(rewrite.cpu - unverified.cpu).toFixed(2)} s of its CPU`);
  process.stdout.write(out.join('\n') + '\n');
}

main()
  .catch((err: unknown) => {
    process.stderr.write(`bench: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  })
  .finally(() => rmSync(scratch, { recursive: true, force: true }));
