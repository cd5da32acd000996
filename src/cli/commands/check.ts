/** `dma-migrate check [--staged | REV-RANGE | --stdin-diff]`: the pre-submit check of the lines a change adds. */
import { EXIT, type ExitCode } from '../../core/exit-codes.js';
import { UsageError } from '../../core/errors.js';
import { checkChange, failClosed, failingFindings, type CheckOptions } from '../../deliver/check/check-changes.js';
import type { CheckSource } from '../../deliver/check/collect-changes.js';
import type { ChangeValidator } from '../../deliver/check/model-hook.js';
import { checkJsonReport } from '../../deliver/check/check-json.js';
import { sarifLog } from '../../deliver/check/check-sarif.js';
import { selectRules } from '../../engine/match/index.js';
import { RULES } from '../../rules/index.js';
import type { CliIO } from '../io.js';
import { cacheOptions, parseJobs, parsePolicy, parseTargetVersion } from '../options.js';
import { renderCheckChunks } from '../render/check.js';
import { makeStyle } from '../render/style.js';
import { TOOL_NAME, TOOL_VERSION } from '../version.js';

export interface CheckCommandOptions {
  readonly staged?: boolean;
  readonly stdinDiff?: boolean;
  readonly format?: string;
  readonly rule?: string[];
  readonly targetVersion?: string;
  readonly policy?: string;
  readonly repo?: string;
  readonly exclude?: string[];
  /** false with --no-cache. */
  readonly cache?: boolean;
  readonly jobs?: string;
  readonly maxFindings?: string;
}

/**
 * Behaviour models that judge each change. The model of issue 6 (src/verify/)
 * plugs in here: import its ChangeValidator and add it to this list.
 */
const VALIDATORS: readonly ChangeValidator[] = [];

async function readAllBytes(stream: AsyncIterable<string | Buffer>): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(typeof c === 'string' ? Buffer.from(c, 'utf8') : c);
  return Buffer.concat(chunks);
}

/** A diff is 8-bit text (UTF-8, or Latin-1 bytes in C sources): UTF-16 or other NUL-laden input is refused, not misread as no change. */
function decodeDiff(bytes: Buffer): string {
  const utf16 = bytes.length >= 2 && ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff));
  if (utf16 || bytes.subarray(0, 65536).includes(0)) throw new UsageError('--stdin-diff: the input is not a text diff (UTF-16 or binary data)', { hint: 'pipe the output of `git diff` or `git format-patch`' });
  return bytes.toString('utf8');
}

function withCache(cache: CheckOptions['cache']): { cache?: NonNullable<CheckOptions['cache']> } {
  return cache ? { cache } : {};
}

function parseMaxFindings(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (value.trim() === '' || !Number.isInteger(n) || n < 0) throw new UsageError(`--max-findings expects a whole number (0: no limit), got "${value}"`);
  return n;
}

export async function checkCommand(range: string | undefined, opts: CheckCommandOptions, io: CliIO): Promise<ExitCode> {
  const format = opts.format ?? 'text';
  if (!['text', 'json', 'sarif'].includes(format)) throw new UsageError(`--format expects text, json or sarif, got "${format}"`);
  const modes = [opts.staged, range !== undefined, opts.stdinDiff].filter(Boolean).length;
  if (modes > 1) throw new UsageError('give one of --staged, a REV-RANGE or --stdin-diff');
  let source: CheckSource;
  if (opts.stdinDiff) {
    if (!io.stdin) throw new UsageError('--stdin-diff: no standard input');
    source = { kind: 'diff', text: decodeDiff(await readAllBytes(io.stdin)) };
  } else if (range !== undefined) source = { kind: 'range', range };
  else source = { kind: 'staged' };
  const targetVersion = parseTargetVersion(opts.targetVersion);
  const jobs = parseJobs(opts.jobs);
  const maxFindings = parseMaxFindings(opts.maxFindings);
  const options: CheckOptions = {
    source,
    cwd: opts.repo ?? io.cwd ?? '.',
    env: io.env,
    rules: opts.rule ?? [],
    ...(targetVersion ? { targetVersion } : {}),
    policy: parsePolicy(opts.policy),
    validators: VALIDATORS,
    exclude: opts.exclude ?? [],
    ...withCache(cacheOptions(opts, io.env)),
    ...(jobs !== undefined ? { jobs } : {}),
    ...(maxFindings !== undefined ? { maxFindings } : {}),
  };
  const result = await checkChange(options);
  if (format === 'json') io.stdout.write(JSON.stringify(checkJsonReport(result), null, 2) + '\n');
  else if (format === 'sarif') io.stdout.write(JSON.stringify(sarifLog(result, selectRules(RULES, opts.rule ?? []), { name: TOOL_NAME, version: TOOL_VERSION }), null, 2) + '\n');
  else for (const chunk of renderCheckChunks(result, makeStyle(io.stdout.isTTY ?? false, io.env))) io.stdout.write(chunk);
  const failed = failClosed(result);
  if (failed !== undefined) {
    io.stderr.write(`dma-migrate: check ${failed.message}\n`);
    return failed.code;
  }
  return failingFindings(result).length > 0 ? EXIT.findings : EXIT.ok;
}
