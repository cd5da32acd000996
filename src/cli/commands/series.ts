/** `dma-migrate series TREE [PATH...] -o DIR`: the rewrite as a patch series with a cover letter. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { EXIT, type ExitCode } from '../../core/exit-codes.js';
import { UsageError } from '../../core/errors.js';
import { buildSeries, type SeriesResult } from '../../deliver/series/build-series.js';
import { parsePrefixMap } from '../../deliver/series/subject-prefix.js';
import type { CliIO } from '../io.js';
import { cacheOptions, parsePolicy, parseTargetVersion } from '../options.js';
import { SIGNAL_EXIT, pendingSignal, testPause } from '../interrupt.js';
import { renderRunDiagnostics } from '../render/findings.js';
import { makeStyle } from '../render/style.js';
import { TOOL_NAME, TOOL_VERSION } from '../version.js';

export interface SeriesCommandOptions {
  readonly output: string;
  readonly group?: string;
  readonly rule?: string[];
  readonly targetVersion?: string;
  readonly check?: boolean;
  readonly maintainers?: string;
  readonly subjectPrefix?: string;
  readonly prefixMap?: string;
  readonly force?: boolean;
  readonly json?: boolean;
  readonly policy?: string;
  readonly allowUnbuildable?: boolean;
  readonly exclude?: string[];
  /** false with --no-cache. */
  readonly cache?: boolean;
}

export async function seriesCommand(tree: string, paths: string[], opts: SeriesCommandOptions, io: CliIO): Promise<ExitCode> {
  const group = opts.group ?? 'dir';
  if (group !== 'dir' && group !== 'maintainers') throw new UsageError(`--group expects dir or maintainers, got "${group}"`);
  const maintainers = opts.maintainers ?? 'builtin';
  if (maintainers !== 'builtin' && maintainers !== 'tree') throw new UsageError(`--maintainers expects builtin or tree, got "${maintainers}"`);
  const targetVersion = parseTargetVersion(opts.targetVersion);
  const cwd = io.cwd ?? '.';
  const prefixMap = opts.prefixMap === undefined ? [] : readPrefixMap(path.resolve(cwd, opts.prefixMap));
  const cache = cacheOptions(opts, io.env);
  // An interrupt while the rewrite is made exits at once (nothing written); once the series is being
  // written (synchronously: a staging directory renamed into DIR at the end) it is finished or removed.
  const interrupts = io.interrupts;
  interrupts?.enter('processing');
  let result: SeriesResult;
  try {
    result = await buildSeries({
      ...(cache ? { cache } : {}),
    tree: path.resolve(cwd, tree),
    paths,
    outDir: path.resolve(cwd, opts.output),
    groupBy: group,
    rules: opts.rule ?? [],
    ...(targetVersion ? { targetVersion } : {}),
    check: opts.check ?? false,
    policy: parsePolicy(opts.policy),
    allowUnbuildable: opts.allowUnbuildable ?? false,
    exclude: opts.exclude ?? [],
    maintainers,
    subjectPrefix: opts.subjectPrefix ?? 'PATCH',
    prefixMap,
    force: opts.force ?? false,
    env: io.env,
    tool: { name: TOOL_NAME, version: TOOL_VERSION },
    beforeWrite: async () => {
      await testPause(io, interrupts, 'processing');
      interrupts?.enter('writing');
    },
  });
  } catch (err) {
    // A signal to the process group also stops git's children: the series failed and was removed.
    const signal = interrupts ? await pendingSignal(interrupts) : undefined;
    if (signal) {
      io.stderr.write(`dma-migrate: interrupted (${signal}) while writing the series: no patch was written to ${path.resolve(cwd, opts.output)}\n`);
      return SIGNAL_EXIT[signal];
    }
    throw err;
  } finally {
    interrupts?.enter('idle');
  }
  const signal = interrupts ? await pendingSignal(interrupts) : undefined;
  if (signal) {
    io.stderr.write(`dma-migrate: interrupted (${signal}) once the series was written: ${result.patches.length} patch${result.patches.length === 1 ? '' : 'es'}${result.cover ? ' and the cover letter' : ''} complete in ${result.outDir}\n`);
    return SIGNAL_EXIT[signal];
  }
  const newIssues = result.patches.reduce((s, p) => s + (p.checkpatch?.added.length ?? 0), 0);
  if (opts.json) io.stdout.write(JSON.stringify(seriesJson(result), null, 2) + '\n');
  else io.stdout.write(renderSeries(result, makeStyle(io.stdout.isTTY ?? false, io.env)));
  io.stderr.write(renderRunDiagnostics(result.run, makeStyle(io.stderr.isTTY ?? false, io.env)));
  return newIssues > 0 ? EXIT.findings : EXIT.ok;
}

function readPrefixMap(file: string): [string, string][] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new UsageError(`--prefix-map: cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
  }
  try {
    return parsePrefixMap(text);
  } catch (err) {
    throw new UsageError(`--prefix-map ${file}: ${(err as Error).message}`);
  }
}

function seriesJson(r: SeriesResult) {
  return {
    outDir: r.outDir,
    base: r.base,
    plainTree: r.plainTree,
    cover: r.cover ?? null,
    recipientSource: r.recipientSource,
    untracked: r.untracked,
    target: r.run.targetDescription,
    checkpatch: r.checkpatchRan,
    patches: r.patches.map((p) => ({
      file: p.file,
      subject: p.subject,
      rules: p.rules,
      prefixSource: p.prefixSource,
      files: p.files,
      sites: p.sites,
      to: p.to,
      cc: p.cc,
      ...(p.checkpatch ? { checkpatch: { reported: p.checkpatch.reported, added: p.checkpatch.added } } : {}),
      ...(p.todo.length > 0 ? { todo: p.todo } : {}),
    })),
    summary: r.run.summary,
  };
}

function renderSeries(r: SeriesResult, style: ReturnType<typeof makeStyle>): string {
  const out: string[] = [];
  if (r.patches.length === 0) {
    out.push(`nothing to convert under ${r.run.root} (${r.run.summary.review} sites left for review); no series written`);
    return out.join('\n') + '\n';
  }
  const base = r.plainTree ? 'base: the tree as found, no git history' : `base ${r.base.slice(0, 12)}`;
  out.push(style.bold(`${r.patches.length} patch${r.patches.length === 1 ? '' : 'es'} and a cover letter in ${r.outDir} (${base}; recipients from ${r.recipientSource})`));
  if (r.plainTree) out.push(style.gray('  the tree is not a git work tree: apply with `git am` in a repository of it, or `git apply` / `patch -p1` in the tree'));
  for (const p of r.patches) {
    const cp = p.checkpatch ? (p.checkpatch.added.length === 0 ? style.green('checkpatch clean') : style.red(`checkpatch: ${p.checkpatch.added.length} new`)) : '';
    out.push(`  ${path.basename(p.file)}`);
    out.push(`      ${p.subject}`);
    out.push(style.gray(`      ${p.files.length} file${p.files.length === 1 ? '' : 's'}, ${p.sites} site${p.sites === 1 ? '' : 's'}; To ${p.to.length}, Cc ${p.cc.length}; prefix from ${p.prefixSource}`) + (cp ? `; ${cp}` : ''));
    for (const issue of p.checkpatch?.added ?? []) out.push(style.red(`      ${issue.level}:${issue.type}: ${issue.message}${issue.file ? ` (${issue.file}:${issue.line})` : ''}`));
    for (const t of p.todo) out.push(style.yellow(`      to check before sending: ${t}`));
    if (p.to.length === 0 && r.recipientSource !== 'none') out.push(style.yellow('      no maintainer (To:) found: orphan code; send it to the subsystem list and the tree\'s maintainers'));
  }
  if (r.untracked.length > 0) out.push(style.yellow(`${r.untracked.length} changed file(s) are not tracked by git and are in no patch: ${r.untracked.slice(0, 3).join(', ')}`));
  out.push(style.gray(`sites: ${r.run.summary.convert} converted, ${r.run.summary.review} left for review; target: ${r.run.targetDescription}`));
  return out.join('\n') + '\n';
}
