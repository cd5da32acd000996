/**
 * `dma-migrate validate`: judge an existing change with the behaviour model,
 * so hand-written patches get the same check as dma-migrate's own rewrites.
 *
 *   validate [PATH...] [--rev REV]   the git working tree against REV (default HEAD)
 *   validate OLD.c NEW.c             two files
 *
 * Exit: 0 every changed function accepted (or nothing changed), 3 a function
 * rejected, 1 a change the model could not judge.
 *
 * Modes: the model check is the default. Further modes (compile, boot) add
 * their options in `declareValidateOptions` and a branch in
 * `validateCommand`.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { EXIT, type ExitCode } from '../../core/exit-codes.js';
import { UsageError } from '../../core/errors.js';
import { changedFiles, gitRoot, type ChangedFile } from '../../deliver/git/changed-files.js';
import type { FunctionVerdict } from '../../verify/index.js';
import { excludeMatcher } from '../../engine/discover/exclude.js';
import type { CliIO } from '../io.js';
import { EXCLUDE_HELP, collect } from '../options.js';
import { makeStyle } from '../render/style.js';

export interface ValidateCommandOptions {
  /** Git revision to compare the working tree against. */
  readonly rev?: string;
  readonly json?: boolean;
  readonly exclude?: string[];
}

/** The options of `validate`; a new mode declares its flags here. */
export function declareValidateOptions(cmd: Command): Command {
  return cmd
    .argument('[paths...]', 'files or directories of a git working tree (default: the current directory), or OLD.c NEW.c')
    .option('--rev <rev>', 'git revision the working tree is compared with (default: HEAD)')
    .option('--json', 'print a JSON report on stdout')
    .option('--exclude <glob>', EXCLUDE_HELP.replace('the root', 'the top of the git working tree'), collect);
}

export async function validateCommand(paths: string[], opts: ValidateCommandOptions, io: CliIO): Promise<ExitCode> {
  return modelValidation(paths, opts, io);
}

interface FileResult {
  readonly path: string;
  readonly functions: readonly FunctionVerdict[];
  /** Set when the whole file was added or removed. */
  readonly note?: string;
}

function isFile(p: string): boolean {
  return existsSync(p) && statSync(p).isFile();
}

function changesToJudge(paths: readonly string[], opts: ValidateCommandOptions, io: CliIO): { changes: ChangedFile[]; against: string } {
  const cwd = io.cwd ?? '.';
  const missing = paths.find((p) => !existsSync(path.resolve(cwd, p)));
  if (missing !== undefined) throw new UsageError(`${missing}: no such file or directory`);
  if (opts.rev === undefined && paths.length === 2 && isFile(paths[0]!) && isFile(paths[1]!)) {
    if ((opts.exclude ?? []).length > 0) throw new UsageError('--exclude applies to a git working tree, not to OLD.c NEW.c');
    return { changes: [{ path: paths[1]!, oldText: readFileSync(paths[0]!, 'utf8'), newText: readFileSync(paths[1]!, 'utf8') }], against: paths[0]! };
  }
  const start = paths[0] ?? '.';
  const root = gitRoot(path.resolve(start), io.env);
  const rev = opts.rev ?? 'HEAD';
  const excluded = excludeMatcher(opts.exclude ?? []);
  return { changes: changedFiles(root, rev, paths.length > 0 ? paths : [root], io.env).filter((c) => !excluded(c.path)), against: rev };
}

async function modelValidation(paths: readonly string[], opts: ValidateCommandOptions, io: CliIO): Promise<ExitCode> {
  const { changes, against } = changesToJudge(paths, opts, io);
  // Imported here, not at the top: declaring the options must not load the parser and the model.
  const { createCParser } = await import('../../engine/parse/index.js');
  const { REJECTION_REASONS, UNJUDGED_REASONS, verifyChange } = await import('../../verify/index.js');
  const parser = createCParser();
  const files: FileResult[] = changes.map((c) => {
    if (c.oldText === undefined || c.newText === undefined) return { path: c.path, functions: [], note: c.oldText === undefined ? 'new file: nothing to compare with' : 'file deleted' };
    return { path: c.path, functions: verifyChange(c.oldText, c.newText, parser).functions };
  });
  const all = files.flatMap((f) => f.functions);
  const count = { accepted: all.filter((f) => f.verdict === 'accepted').length, rejected: all.filter((f) => f.verdict === 'rejected').length, unjudged: all.filter((f) => f.verdict === 'unjudged').length + files.filter((f) => f.note).length };
  const code: ExitCode = count.rejected > 0 ? EXIT.verification : count.unjudged > 0 ? EXIT.findings : EXIT.ok;
  if (opts.json) {
    io.stdout.write(JSON.stringify({ mode: 'model', against, files: files.map(jsonFile), summary: count }, null, 2) + '\n');
    return code;
  }
  const style = makeStyle(io.stdout.isTTY ?? false, io.env);
  const lines: string[] = [];
  for (const f of files) {
    if (f.note) lines.push(`${style.bold(f.path)}: ${style.yellow('not judged')}: ${f.note}`);
    for (const fn of f.functions) {
      const where = style.bold(`${f.path}:${fn.newLine ?? fn.oldLine}`);
      if (fn.verdict === 'accepted') {
        lines.push(`${where}: ${fn.name}(): ${style.green('accepted')} (${fn.paths.old} old / ${fn.paths.new} new paths equivalent, contracts kept)`);
      } else if (fn.verdict === 'rejected') {
        const v = fn.violations[0]!;
        lines.push(`${where}: ${fn.name}(): ${style.red('rejected')}: ${v.reason} at line ${v.line}: ${REJECTION_REASONS[v.reason]} (${v.message})`);
        if (v.path.length > 0) lines.push(`    path: lines ${v.path.join(' → ')}`);
        for (const more of fn.violations.slice(1, 4)) lines.push(`    also: ${more.reason} at line ${more.line}: ${more.message}`);
      } else if (fn.unjudged) {
        lines.push(`${where}: ${fn.name}(): ${style.yellow('not judged')}: ${fn.unjudged.reason}: ${UNJUDGED_REASONS[fn.unjudged.reason]} (${fn.unjudged.message})`);
      }
    }
  }
  if (files.length === 0) lines.push(`validate: no changed C file against ${against}`);
  else lines.push(`validate: ${all.length} changed function${all.length === 1 ? '' : 's'} in ${files.length} file${files.length === 1 ? '' : 's'} against ${against}: ${count.accepted} accepted, ${count.rejected} rejected, ${count.unjudged} not judged`);
  io.stdout.write(lines.join('\n') + '\n');
  return code;
}

function jsonFile(f: FileResult) {
  return {
    path: f.path,
    ...(f.note ? { note: f.note } : {}),
    functions: f.functions.map((fn) => ({
      name: fn.name,
      verdict: fn.verdict,
      ...(fn.oldLine !== undefined ? { oldLine: fn.oldLine } : {}),
      ...(fn.newLine !== undefined ? { newLine: fn.newLine } : {}),
      paths: fn.paths,
      ...(fn.provider ? { provider: fn.provider } : {}),
      ...(fn.unjudged ? { reason: fn.unjudged.reason, message: fn.unjudged.message, line: fn.unjudged.line } : {}),
      violations: fn.violations.map((v) => ({ reason: v.reason, line: v.line, message: v.message, path: v.path })),
    })),
  };
}
