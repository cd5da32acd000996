/**
 * `npm run bench` (not a test): on Debian's linux-source trees (6.12 with
 * `--target-version 6.19`, and 7.3 on its own headers), time in one run:
 *
 *   - the grep floor: `grep -rlw` over every rule's API identifiers, page cache warm, median of 3;
 *   - `scan`, `rewrite` cold (an empty result cache, `--no-cache` when the build has it), the
 *     run that fills the cache, `rewrite` warm (a second run on the same cache), `scan --stats`;
 *   - `check --staged` on a one-file change (a real driver file of the tree committed in a
 *     scratch git repository, then one line changed and staged): cold and warm, without and
 *     with a site on the added line;
 *   - that the output is byte-identical (diff and `--json`) with and without the cache, at
 *     `-j 1` and the default `-j`;
 *   - `check --stdin-diff` on 17 MB diffs: between the two trees' fs/, drivers/gpu, drivers/net,
 *     drivers/scsi, drivers/block and mm/ (6.12 to 7.3 and back, cut at a file boundary), and a
 *     synthetic one adding 170 files of dense kmap code, with the default --max-findings and
 *     with 0 (every site judged);
 *   - Coccinelle's spatch with the two semantic patches beside this file, on the files grep
 *     found, with `--jobs` = cores (last: it is the slowest).
 *
 * Prints wall, CPU (user+sys) and peak RSS of each, the ratios against the targets with
 * PASS/MISS, and the same as Markdown tables for the README. A section that fails is a MISS
 * with its error; the others still run. Environment: BENCH_TREES (default "6.12,7.3"),
 * BENCH_SKIP_SPATCH and BENCH_SKIP_IDENTITY (the byte-identity runs): "1" for every tree or a
 * list of trees ("7.3"); BENCH_SKIP_BIGCHECK=1 (the 17 MB diffs); BENCH_RUNS (default 1: single runs of the whole-tree commands).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { cacheDir, ensureKernelSource, type DebianKernel } from '../../src/validate/kernel-source/index.js';
import { RULES } from '../../src/rules/index.js';
import { bigDiff } from './kmap-file.js';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const REPO = path.resolve(HERE, '..', '..');
const BIN = path.join(REPO, 'bin', 'dma-migrate.js');
const TIME = '/usr/bin/time';
const NODE = process.execPath;

/** What each tree is run with: 6.12 lacks dma_map_phys, so it is rewritten for 6.19. */
const TREES: Readonly<Record<string, readonly string[]>> = { '6.12': ['--target-version', '6.19'], '7.3': [] };

interface Measure {
  readonly tree: string;
  readonly name: string;
  readonly wall: number;
  readonly cpu: number;
  readonly rssMB: number;
  note: string;
}

interface Verdict {
  readonly tree: string;
  readonly target: string;
  readonly measured: string;
  readonly pass: boolean | undefined;
}

const scratch = mkdtempSync(path.join(tmpdir(), 'dma-migrate-bench-'));
const log = (line: string) => process.stderr.write(`bench: ${line}\n`);

interface RunOptions {
  readonly cwd: string;
  readonly env?: NodeJS.ProcessEnv;
  readonly okCodes?: readonly number[];
  readonly out?: string;
}

/** Run under GNU time; stdout goes to `out` (stderr to `out`.err). */
function timed(tree: string, name: string, cmd: string, args: readonly string[], o: RunOptions): Measure {
  const report = path.join(scratch, 'time.txt');
  const r = spawnSync(TIME, ['-f', '%e %U %S %M', '-o', report, cmd, ...args], { cwd: o.cwd, env: o.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 1 << 30 });
  if (o.out) {
    writeFileSync(o.out, r.stdout ?? '');
    writeFileSync(`${o.out}.err`, r.stderr ?? '');
  }
  const okCodes = o.okCodes ?? [0];
  if (r.status === null || !okCodes.includes(r.status)) {
    throw new Error(`${name}: ${cmd} ${args.join(' ')} exited ${r.status ?? r.signal}\n${String(r.stderr).slice(-2000)}`);
  }
  const fields = readFileSync(report, 'utf8').trim().split('\n').pop()!.split(' ').map(Number);
  const [wall, user, sys, rssKB] = fields as [number, number, number, number];
  log(`${tree} ${name}: ${wall.toFixed(2)} s wall, ${(user + sys).toFixed(2)} s CPU, ${(rssKB / 1024).toFixed(0)} MB`);
  return { tree, name, wall, cpu: user + sys, rssMB: rssKB / 1024, note: '' };
}

/** The run with the median wall time of `n`. */
function repeat(n: number, f: () => Measure): Measure {
  const ms = Array.from({ length: n }, f);
  return [...ms].sort((a, b) => a.wall - b.wall)[Math.floor(ms.length / 2)]!;
}

function freshDir(name: string): string {
  const d = path.join(scratch, name);
  rmSync(d, { recursive: true, force: true });
  mkdirSync(d, { recursive: true });
  return d;
}

function dirBytes(dir: string): { files: number; bytes: number } {
  let files = 0;
  let bytes = 0;
  for (const e of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!e.isFile()) continue;
    files++;
    bytes += statSync(path.join(e.parentPath, e.name)).size;
  }
  return { files, bytes };
}

/** BENCH_SKIP_*: "1" skips on every tree, else a comma-separated list of trees. */
const skipped = (value: string | undefined, version: string) => value === '1' || (value ?? '').split(',').map((v) => v.trim()).includes(version);
const sameBytes = (a: string, b: string) => readFileSync(a).equals(readFileSync(b));
const fmt = (x: number, d = 2) => x.toFixed(d);
const passText = (p: boolean | undefined) => (p === undefined ? 'n/a' : p ? 'PASS' : 'MISS');

/** Does this build have the result cache? Its `rewrite --help` names --no-cache. */
function cacheSupport(): boolean {
  const help = spawnSync(NODE, [BIN, 'rewrite', '--help'], { encoding: 'utf8' });
  return /--no-cache\b/.test(help.stdout ?? '');
}

interface TreeResult {
  readonly measures: Measure[];
  readonly verdicts: Verdict[];
  readonly notes: string[];
}

/** The whole-tree runs on one tree. */
function benchTree(version: string, tree: string, apis: readonly string[], cores: number, hasCache: boolean, runs: number): TreeResult & { files: string[] } {
  const extra = TREES[version] ?? [];
  const measures: Measure[] = [];
  const verdicts: Verdict[] = [];
  const notes: string[] = [];
  const dir = freshDir(`t${version}`);
  const out = (n: string) => path.join(dir, n);
  const noCache = hasCache ? ['--no-cache'] : [];
  const withCache = (cache: string): NodeJS.ProcessEnv => ({ ...process.env, DMA_MIGRATE_CACHE: cache, LC_ALL: 'C' });
  const tool = (name: string, args: readonly string[], cache: string, file: string) =>
    timed(version, name, NODE, [BIN, ...args, ...extra, tree], { cwd: tree, env: withCache(cache), okCodes: [0, 1, 3], out: out(file) });

  // grep floor: one process over the tree, every identifier, whole words, C sources and headers.
  const grepArgs = ['-rlw', '--include=*.c', '--include=*.h', ...apis.flatMap((a) => ['-e', a]), '.'];
  spawnSync('grep', grepArgs, { cwd: tree, stdio: 'ignore', env: { ...process.env, LC_ALL: 'C' } }); // warm the page cache, untimed
  const grep = repeat(3, () => timed(version, 'grep -rlw (floor)', 'grep', grepArgs, { cwd: tree, env: { ...process.env, LC_ALL: 'C' }, out: out('grep.txt') }));
  const files = readFileSync(out('grep.txt'), 'utf8').split('\n').filter(Boolean).sort();
  grep.note = `${files.length} files name one of ${apis.length} identifiers; page cache warm; median of 3; one thread`;
  measures.push(grep);

  const scan = repeat(runs, () => tool('scan', ['scan', ...noCache], freshDir(`c${version}-scan`), 'scan.txt'));
  scan.note = `--jobs ${cores} (default)${hasCache ? ', --no-cache' : ''}`;
  measures.push(scan);

  const cold = repeat(runs, () => tool('rewrite cold', ['rewrite', ...noCache], freshDir(`c${version}-cold`), 'cold.diff'));
  const changed = (readFileSync(out('cold.diff'), 'utf8').match(/^diff --git /gm) ?? []).length;
  cold.note = `${hasCache ? 'empty cache dir, --no-cache' : 'no result cache in this build'}; ${changed} files in the diff`;
  measures.push(cold);

  // The cache this tree's warm runs read: filled by one run, read by the next.
  const cache = freshDir(`c${version}-warm`);
  const warmFile = 'warm.diff';
  if (hasCache) {
    const fill = tool('rewrite, filling the cache', ['rewrite'], cache, 'fill.diff');
    const size = dirBytes(cache);
    fill.note = `empty cache dir; leaves ${size.files} files, ${fmt(size.bytes / 1048576, 1)} MB`;
    measures.push(fill);
    if (size.files === 0) notes.push(`${version}: the cache directory stayed empty after a run: warm runs are not cached`);
  }
  const warm = repeat(runs, () => tool('rewrite warm', ['rewrite'], cache, warmFile));
  warm.note = hasCache ? 'second run on the same cache dir' : 'no result cache in this build: a second cold run (warm = cold)';
  measures.push(warm);

  const stats = tool('scan --stats', ['scan', '--stats', ...noCache], freshDir(`c${version}-stats`), 'stats.txt');
  const accounted = /accounted for: [^\n]*/.exec(readFileSync(out('stats.txt'), 'utf8') + readFileSync(out('stats.txt.err'), 'utf8'));
  stats.note = `${hasCache ? '--no-cache; ' : ''}${accounted ? accounted[0].trim() : ''}`;
  measures.push(stats);

  // Byte-identity of the output with and without the cache, at -j 1 and the default -j.
  if (!skipped(process.env.BENCH_SKIP_IDENTITY, version)) {
    const checks: string[] = [];
    const mismatches: string[] = [];
    const same = (what: string, a: string, b: string) => {
      checks.push(what);
      if (!sameBytes(out(a), out(b))) mismatches.push(what);
    };
    same(hasCache ? 'diff, default -j: --no-cache vs warm cache' : 'diff, default -j: two runs', 'cold.diff', warmFile);
    if (hasCache) same('diff, default -j: --no-cache vs the run filling the cache', 'cold.diff', 'fill.diff');
    tool('rewrite --json (uncached)', ['rewrite', '--json', ...noCache], freshDir(`c${version}-x`), 'cold.json');
    if (hasCache) {
      tool('rewrite --json (warm)', ['rewrite', '--json'], cache, 'warm.json');
      same('--json, default -j: --no-cache vs warm cache', 'cold.json', 'warm.json');
    }
    const j1 = freshDir(`c${version}-j1`);
    const uncached1 = tool('rewrite -j 1 cold', ['rewrite', '-j', '1', ...noCache], freshDir(`c${version}-x`), 'j1-cold.diff');
    uncached1.note = `one thread${hasCache ? ', --no-cache' : ''}`;
    measures.push(uncached1);
    same('diff: -j 1 vs default -j, both uncached', 'j1-cold.diff', 'cold.diff');
    tool('rewrite -j 1 --json (uncached)', ['rewrite', '-j', '1', '--json', ...noCache], freshDir(`c${version}-x`), 'j1-cold.json');
    same('--json: -j 1 vs default -j, both uncached', 'j1-cold.json', 'cold.json');
    if (hasCache) {
      tool('rewrite -j 1, filling the cache', ['rewrite', '-j', '1'], j1, 'j1-fill.diff');
      const w1 = tool('rewrite -j 1 warm', ['rewrite', '-j', '1'], j1, 'j1-warm.diff');
      w1.note = 'one thread, second run on a cache filled at -j 1';
      measures.push(w1);
      tool('rewrite -j 1 --json (warm)', ['rewrite', '-j', '1', '--json'], j1, 'j1-warm.json');
      same('diff, -j 1: --no-cache vs the run filling the cache', 'j1-cold.diff', 'j1-fill.diff');
      same('diff, -j 1: --no-cache vs warm cache', 'j1-cold.diff', 'j1-warm.diff');
      same('--json, -j 1: --no-cache vs warm cache', 'j1-cold.json', 'j1-warm.json');
      // A cache filled at -j 1 read at the default -j, and the reverse.
      tool('rewrite (default -j) on the -j 1 cache', ['rewrite'], j1, 'cross.diff');
      same('diff: cache filled at -j 1, read at the default -j', 'cold.diff', 'cross.diff');
    }
    const what = hasCache ? 'cached and uncached output byte-identical (diff and --json, -j 1 and default -j)' : 'output byte-identical at -j 1 and default -j (diff and --json); no result cache in this build to compare against';
    verdicts.push({ tree: version, target: what, measured: mismatches.length === 0 ? `${checks.length} comparisons, all identical` : `differs: ${mismatches.join('; ')}`, pass: mismatches.length === 0 });
  }

  const floor = grep.wall;
  verdicts.push({ tree: version, target: 'cold rewrite <= 3x grep floor (wall)', measured: `${fmt(cold.wall / floor)}x (${fmt(cold.wall)} s / ${fmt(floor)} s; CPU ${fmt(cold.cpu)} s vs ${fmt(grep.cpu)} s)`, pass: cold.wall <= 3 * floor });
  verdicts.push({ tree: version, target: 'warm rewrite <= 1.5x grep floor (wall)', measured: `${fmt(warm.wall / floor)}x (${fmt(warm.wall)} s; CPU ${fmt(warm.cpu)} s)${hasCache ? '' : ' (no cache: warm = cold)'}`, pass: warm.wall <= 1.5 * floor });
  verdicts.push({ tree: version, target: 'scan peak RSS <= 500 MB', measured: `${fmt(scan.rssMB, 0)} MB`, pass: scan.rssMB <= 500 });
  verdicts.push({ tree: version, target: 'rewrite peak RSS <= 500 MB (cold; warm)', measured: `${fmt(cold.rssMB, 0)} MB; ${fmt(warm.rssMB, 0)} MB`, pass: cold.rssMB <= 500 && warm.rssMB <= 500 });
  verdicts.push({ tree: version, target: 'scan --stats peak RSS <= 1 GB', measured: `${fmt(stats.rssMB, 0)} MB`, pass: stats.rssMB <= 1024 });
  return { measures, verdicts, notes, files };
}

/**
 * `check --staged` on a one-file change: a real driver file of the tree (the first, by path,
 * under drivers/net/ethernet naming dma_map_page, 8-32 KB) committed in a scratch repository,
 * then one line changed and staged: a comment added (no site), or the line of its
 * dma_map_page() call changed (a site on an added line; `--policy all`, so it is reported).
 */
function benchCheck(version: string, tree: string, files: readonly string[]): TreeResult {
  const measures: Measure[] = [];
  const verdicts: Verdict[] = [];
  const pick = files.find((f) => {
    if (!f.startsWith('./drivers/net/ethernet/') || !f.endsWith('.c')) return false;
    const size = statSync(path.join(tree, f)).size;
    return size >= 8192 && size <= 32768 && /\bdma_map_page\(/.test(readFileSync(path.join(tree, f), 'latin1'));
  });
  if (!pick) return { measures, verdicts, notes: [`${version}: no driver file to check found`] };
  const rel = pick.slice(2);
  const original = readFileSync(path.join(tree, rel), 'latin1');
  const lines = original.split('\n');
  const site = lines.findIndex((l) => /\bdma_map_page\(/.test(l));
  const cases: Array<[string, string[], string[]]> = [
    // A comment line after the first line: names no API, so nothing is parsed.
    ['no site', [lines[0]!, '/* bench: an added comment */', ...lines.slice(1)], []],
    // One more space before the call's name: the call's line is an added line.
    ['a site', lines.map((l, i) => (i === site ? l.replace(/\bdma_map_page\(/, ' dma_map_page(') : l)), ['--policy', 'all']],
  ];
  for (const [label, text, flags] of cases) {
    const repo = freshDir(`check-${version}-${label.replace(' ', '-')}`);
    const git = (...args: string[]) => execFileSync('git', ['-c', 'user.name=bench', '-c', 'user.email=bench@example.org', ...args], { cwd: repo, stdio: 'ignore' });
    git('init', '-q');
    mkdirSync(path.join(repo, path.dirname(rel)), { recursive: true });
    writeFileSync(path.join(repo, rel), original, 'latin1');
    git('add', '.');
    git('commit', '-qm', 'base');
    writeFileSync(path.join(repo, rel), text.join('\n'), 'latin1');
    git('add', '.');
    const cache = freshDir(`c${version}-check-${label.replace(' ', '-')}`);
    const run = (name: string) => timed(version, name, NODE, [BIN, 'check', '--staged', ...flags], { cwd: repo, env: { ...process.env, DMA_MIGRATE_CACHE: cache }, okCodes: [0, 1], out: path.join(scratch, 'check.txt') });
    const cold = run(`check --staged, ${label}, cold`);
    const findings = /check: (\d+) finding/.exec(readFileSync(path.join(scratch, 'check.txt'), 'utf8'))?.[1] ?? '?';
    cold.note = `${rel}${flags.length ? ` ${flags.join(' ')}` : ''}: ${findings} finding(s); empty cache dir`;
    const warm = repeat(3, () => run(`check --staged, ${label}, warm`));
    warm.note = 'same change, same cache dir; median of 3';
    measures.push(cold, warm);
    verdicts.push({ tree: version, target: `check --staged (${label}) < 0.3 s warm (wall)`, measured: `${fmt(warm.wall)} s (CPU ${fmt(warm.cpu)} s)`, pass: warm.wall < 0.3 });
  }
  return { measures, verdicts, notes: [] };
}

/** Directories whose change between two releases makes the real big diffs (in this order). */
const DIFF_DIRS = ['fs', 'drivers/gpu', 'drivers/net', 'drivers/scsi', 'drivers/block', 'mm'];
const DIFF_BYTES = 17 * 1024 * 1024;

/** The change from tree `from` to tree `to` over DIFF_DIRS as a git diff with a/ b/ paths, cut at a file boundary once it passes `limit` bytes. */
function treeDiff(from: string, to: string, limit: number): string {
  const parts: string[] = [];
  let size = 0;
  const strip = (line: string, prefix: string, root: string) => line.replace(`${prefix}${root.slice(1)}/`, prefix);
  for (const dir of DIFF_DIRS) {
    const r = spawnSync('git', ['diff', '--no-index', '--no-renames', '--no-ext-diff', '--no-textconv', path.join(from, dir), path.join(to, dir)], { maxBuffer: 1 << 30, encoding: 'latin1' });
    if (r.status !== 0 && r.status !== 1) throw new Error(`git diff --no-index ${dir}: exit ${r.status ?? r.signal}`);
    for (const file of r.stdout.split(/^(?=diff --git )/m)) {
      if (!file.startsWith('diff --git ')) continue;
      if (size >= limit) return parts.join('');
      // git names the files by their paths: make them relative to the trees.
      const text = file
        .split('\n')
        .map((l) => (l.startsWith('diff --git ') ? l.replace(`a${from}/`, 'a/').replace(`b${to}/`, 'b/') : l.startsWith('--- a') ? strip(l, '--- a/', from) : l.startsWith('+++ b') ? strip(l, '+++ b/', to) : l))
        .join('\n');
      parts.push(text);
      size += Buffer.byteLength(text, 'latin1');
    }
  }
  return parts.join('');
}

/**
 * `check --stdin-diff` on 17 MB diffs: the real change between the two trees (both ways), run
 * in the tree the diff leads to, and a synthetic diff adding 170 files of dense kmap code.
 */
function benchBigCheck(trees: ReadonlyMap<string, string>): TreeResult {
  const measures: Measure[] = [];
  const verdicts: Verdict[] = [];
  const notes: string[] = [];
  const run = (tree: string, name: string, diff: string, cwd: string, flags: string[]) => {
    const file = path.join(scratch, 'big.diff');
    writeFileSync(file, diff, 'latin1');
    const out = path.join(scratch, 'big-check.txt');
    const m = timed(tree, name, 'sh', ['-c', `exec "$0" "$1" check --stdin-diff --no-cache ${flags.join(' ')} < "$2"`, NODE, BIN, file], { cwd, okCodes: [0, 1], out });
    const summary = readFileSync(out, 'utf8').split('\n').filter((l) => l.startsWith('check: ')).pop() ?? '';
    m.note = `${(Buffer.byteLength(diff, 'latin1') / 1048576).toFixed(1)} MB diff; ${summary.replace(/^check: /, '').replace(/; target: .*/, '')}`;
    measures.push(m);
    verdicts.push({ tree, target: `${name}: seconds (< 10 s wall) and < 1 GB`, measured: `${fmt(m.wall)} s, ${fmt(m.rssMB, 0)} MB`, pass: m.wall < 10 && m.rssMB < 1024 });
  };
  const [old, cur] = [trees.get('6.12'), trees.get('7.3')];
  if (old && cur) {
    run('6.12→7.3', 'check a 17 MB diff', treeDiff(old, cur, DIFF_BYTES), cur, []);
    run('7.3→6.12', 'check a 17 MB diff', treeDiff(cur, old, DIFF_BYTES), old, []);
  } else notes.push('check of a 17 MB diff between the trees: needs both 6.12 and 7.3 (BENCH_TREES)');
  const dense = bigDiff(DIFF_BYTES, 170);
  const empty = freshDir('dense-check');
  run('-', 'check 170 new files of dense kmap code', dense, empty, []);
  // Every site planned and verified: the engine's per-site cost, not a target of its own.
  const all = path.join(scratch, 'dense-all.txt');
  writeFileSync(path.join(scratch, 'big.diff'), dense);
  const m = timed('-', 'check 170 new files of dense kmap code, --max-findings 0', 'sh', ['-c', 'exec "$0" "$1" check --stdin-diff --no-cache --max-findings 0 < "$2"', NODE, BIN, path.join(scratch, 'big.diff')], { cwd: empty, okCodes: [0, 1], out: all });
  m.note = `every site judged: ${(readFileSync(all, 'utf8').split('\n').filter((l) => l.startsWith('check: ')).pop() ?? '').replace(/^check: /, '').replace(/; target: .*/, '')}`;
  measures.push(m);
  return { measures, verdicts, notes };
}

/** spatch with both semantic patches on the files grep found, one group per file so --jobs spreads them. */
function benchSpatch(version: string, tree: string, files: readonly string[], cores: number, coldRewrite: Measure | undefined): TreeResult {
  const measures: Measure[] = [];
  const groups = path.join(scratch, `groups-${version}.txt`);
  writeFileSync(groups, files.map((f) => `${f}\n\n`).join(''));
  const options = ['--file-groups', groups, '--jobs', String(cores), '--no-includes', '--include-headers', '--very-quiet'];
  for (const [name, cocci] of [
    ['spatch, DMA rule', 'dma-page-to-phys.cocci'],
    ['spatch, kmap_atomic rule', 'kmap-atomic-to-local.cocci'],
  ] as const) {
    const patch = path.join(scratch, `${version}-${cocci}.patch`);
    const m = timed(version, name, 'spatch', ['--sp-file', path.join(HERE, cocci), ...options], { cwd: tree, env: { ...process.env, LC_ALL: 'C' }, out: patch });
    const text = readFileSync(patch, 'utf8');
    m.note = `${(text.match(/^diff /gm) ?? text.match(/^--- /gm) ?? []).length} files in the patch`;
    measures.push(m);
  }
  const [a, b] = measures as [Measure, Measure];
  const total: Measure = { tree: version, name: 'spatch, both rules', wall: a.wall + b.wall, cpu: a.cpu + b.cpu, rssMB: Math.max(a.rssMB, b.rssMB), note: `sum of the two; ${options.filter((o) => o !== groups).join(' ')} (one group per grep-listed file)` };
  measures.push(total);
  const verdicts: Verdict[] = coldRewrite
    ? [{ tree: version, target: 'spatch (both rules) >= 10x slower than cold rewrite (wall)', measured: `${fmt(total.wall / coldRewrite.wall)}x (CPU ${fmt(total.cpu / coldRewrite.cpu)}x)`, pass: total.wall >= 10 * coldRewrite.wall }]
    : [];
  return { measures, verdicts, notes: [] };
}

function startup(): Measure[] {
  const cwd = scratch;
  const env = { ...process.env, DMA_MIGRATE_CACHE: freshDir('c-startup') };
  const rows: Array<[string, string, string[]]> = [
    ['node -e 0', NODE, ['-e', '0']],
    ['dma-migrate --version', NODE, [BIN, '--version']],
    ['dma-migrate --help', NODE, [BIN, '--help']],
  ];
  return rows.map(([name, cmd, args]) => {
    const m = repeat(5, () => timed('-', name, cmd, args, { cwd, env }));
    m.note = 'median of 5 (start-up cost)';
    return m;
  });
}

async function main(): Promise<void> {
  try {
    execFileSync(TIME, ['true'], { stdio: 'ignore' });
  } catch {
    throw new Error(`${TIME} (Debian package "time") is needed to measure CPU time and peak RSS`);
  }
  if (!existsSync(path.join(REPO, 'dist', 'cli', 'index.js'))) throw new Error('build first: npm run build');
  const runs = Math.max(1, Number(process.env.BENCH_RUNS ?? 1));
  const versions = (process.env.BENCH_TREES ?? '6.12,7.3').split(',').map((s) => s.trim()).filter(Boolean);
  for (const v of versions) if (!(v in TREES)) throw new Error(`BENCH_TREES: unknown tree ${v} (known: ${Object.keys(TREES).join(', ')})`);
  if (!versions.every((v) => skipped(process.env.BENCH_SKIP_SPATCH, v)) && spawnSync('spatch', ['--version'], { stdio: 'ignore' }).status !== 0) {
    throw new Error('spatch is not installed: apt-get install coccinelle (or set BENCH_SKIP_SPATCH=1)');
  }
  // The kernel sources live in the download cache: resolve them before DMA_MIGRATE_CACHE is pointed at scratch dirs.
  const trees = new Map<string, string>();
  for (const v of versions) trees.set(v, await ensureKernelSource(v as DebianKernel, { cacheDir: cacheDir(process.env), log }));
  const apis = [...new Set(RULES.flatMap((r) => r.meta.apis))].sort();
  const cores = availableParallelism();
  const hasCache = cacheSupport();
  const load0 = loadavg()[0]!;
  const started = new Date();
  log(`${cores} cores, load ${fmt(load0)}, ${apis.length} identifiers, result cache: ${hasCache ? 'yes' : 'no'}`);

  const measures: Measure[] = [];
  const verdicts: Verdict[] = [];
  const notes: string[] = [];
  const add = (r: TreeResult) => {
    measures.push(...r.measures);
    verdicts.push(...r.verdicts);
    notes.push(...r.notes);
  };
  // A section that throws is reported as a MISS and the bench goes on.
  const section = (tree: string, what: string, f: () => TreeResult) => {
    try {
      add(f());
    } catch (err) {
      const message = (err instanceof Error ? err.message : String(err)).split('\n')[0]!;
      log(`${tree} ${what} failed: ${message}`);
      verdicts.push({ tree, target: `${what} ran`, measured: `failed: ${message.replace(/\|/g, '\\|')}`, pass: false });
    }
  };
  section('-', 'start-up', () => ({ measures: startup(), verdicts: [], notes: [] }));
  const listed = new Map<string, string[]>();
  for (const v of versions) {
    section(v, 'whole-tree runs', () => {
      const r = benchTree(v, trees.get(v)!, apis, cores, hasCache, runs);
      listed.set(v, r.files);
      return r;
    });
    const files = listed.get(v);
    if (files) section(v, 'check --staged', () => benchCheck(v, trees.get(v)!, files));
  }
  if (process.env.BENCH_SKIP_BIGCHECK !== '1') section('-', 'check of 17 MB diffs', () => benchBigCheck(trees));
  for (const v of versions) {
    const files = listed.get(v);
    if (skipped(process.env.BENCH_SKIP_SPATCH, v)) notes.push(`${v}: spatch skipped (BENCH_SKIP_SPATCH): no spatch ratio`);
    else if (files) section(v, 'spatch', () => benchSpatch(v, trees.get(v)!, files, cores, measures.find((m) => m.tree === v && m.name === 'rewrite cold')));
  }

  const load1 = loadavg()[0]!;
  const git = spawnSync('git', ['describe', '--always', '--dirty'], { cwd: REPO, encoding: 'utf8' });
  const commit = git.status === 0 ? git.stdout.trim() : 'unknown';
  const out: string[] = [];
  out.push(`Bench of ${started.toISOString().slice(0, 16).replace('T', ' ')} UTC, commit ${commit}, Node ${process.versions.node}: ${cores} cores; load average ${fmt(load0)} at the start, ${fmt(load1)} at the end${Math.max(load0, load1) > cores * 0.75 ? ' (a busy machine: compare CPU seconds, wall is noisy)' : ''}; ${apis.length} identifiers; result cache in this build: ${hasCache ? 'yes (`--no-cache` and DMA_MIGRATE_CACHE)' : 'no (warm runs are second cold runs)'}; ${runs === 1 ? 'single runs' : `median of ${runs}`} of the whole-tree commands; page cache warm.`);
  out.push('');
  out.push('| tree | what | wall s | CPU s | peak RSS MB | note |');
  out.push('|---|---|--:|--:|--:|---|');
  for (const m of measures) out.push(`| ${m.tree} | ${m.name} | ${fmt(m.wall)} | ${fmt(m.cpu)} | ${fmt(m.rssMB, 0)} | ${m.note} |`);
  out.push('');
  out.push('| tree | target | measured | |');
  out.push('|---|---|---|---|');
  for (const v of verdicts) out.push(`| ${v.tree} | ${v.target} | ${v.measured} | ${passText(v.pass)} |`);
  if (notes.length > 0) out.push('', ...notes.map((n) => `- ${n}`));
  const missed = verdicts.filter((v) => v.pass === false).length;
  out.push('', `${verdicts.length - missed} of ${verdicts.length} targets met.`);
  process.stdout.write(out.join('\n') + '\n');
}

main()
  .catch((err: unknown) => {
    process.stderr.write(`bench: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  })
  .finally(() => rmSync(scratch, { recursive: true, force: true }));
