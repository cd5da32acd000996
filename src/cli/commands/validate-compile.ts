/** `dma-migrate validate --compile`: pick the change, run the compile validation, print per object. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { EXIT, type ExitCode } from '../../core/exit-codes.js';
import { changesFromGit, changesFromPatch, changesFromRewrite, type ChangedFile } from '../../validate/compile/change-set.js';
import { validateCompile } from '../../validate/compile/validate-compile.js';
import type { CliIO } from '../io.js';
import { cacheOptions, parsePolicy, parseTargetVersion } from '../options.js';
import { renderCompileReport } from '../render/validation.js';
import { makeStyle } from '../render/style.js';
import type { KernelValidateOptions } from './validate-kernel.js';

export async function validateCompileCommand(tree: string, paths: readonly string[], opts: KernelValidateOptions, io: CliIO, cacheDir: string, log: (line: string) => void): Promise<ExitCode> {
  let changes: ChangedFile[];
  let converted: Record<string, number> = {};
  if (opts.patch !== undefined) {
    changes = changesFromPatch(tree, readFileSync(opts.patch === '-' ? 0 : path.resolve(opts.patch), 'utf8'));
  } else if (opts.against !== undefined) {
    changes = changesFromGit(tree, opts.against, io.env);
  } else {
    const targetVersion = parseTargetVersion(opts.targetVersion);
    log(`rewriting ${paths.length} path(s) in memory${targetVersion ? ` for ${targetVersion.major}.${targetVersion.minor}` : ''} ...`);
    const cache = cacheOptions(opts, io.env);
    const r = await changesFromRewrite(tree, { paths, rules: opts.rule ?? [], policy: parsePolicy(opts.policy), ...(targetVersion ? { targetVersion } : {}), ...(cache ? { cache } : {}) });
    for (const f of r.files) log(`  ${f.path}: ${r.converted.get(f.path) ?? 0} site(s) converted`);
    changes = r.files;
    converted = Object.fromEntries(r.converted);
  }
  if (changes.length === 0) {
    io.stderr.write('validate --compile: the change touches no file (nothing converted?)\n');
    return EXIT.findings;
  }
  const report = await validateCompile({
    tree,
    changes,
    cacheDir,
    env: io.env,
    install: opts.install !== false,
    ...(opts.sparse === false ? { sparse: false } : {}),
    ...(opts.jobs ? { jobs: Number(opts.jobs) } : {}),
    ...(opts.arch ? { arches: opts.arch } : {}),
    log,
    now: () => performance.now(),
  });
  if (opts.json) io.stdout.write(JSON.stringify({ ...report, converted }, null, 2) + '\n');
  else io.stdout.write(renderCompileReport(report, makeStyle(io.stdout.isTTY ?? false, io.env)));
  if (report.objects.some((r) => r.status === 'errors' || r.status === 'new-warnings')) return EXIT.verification;
  if (report.objects.some((r) => r.status === 'not-built') || report.skipped.length > 0) return EXIT.findings;
  return EXIT.ok;
}
