/**
 * `dma-migrate explain FILE:LINE`: why each site on that line got its
 * status: the decision, its reason and sentence, every stage's decision in
 * order (the site's history), and the source lines behind it (the site, its
 * related locations, and the lines its messages name).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { UsageError } from '../../core/errors.js';
import { EXIT, type ExitCode } from '../../core/exit-codes.js';
import { LineIndex } from '../../core/range.js';
import type { Finding } from '../../core/types.js';
import { decodeSource, runMigration } from '../../engine/pipeline/index.js';
import type { CliIO } from '../io.js';
import { parsePolicy, parseTargetVersion } from '../options.js';
import { makeStyle } from '../render/style.js';

export interface ExplainCommandOptions {
  readonly rule?: string[];
  readonly targetVersion?: string;
  readonly verify?: boolean;
  readonly policy?: string;
  readonly includeHeaders?: boolean;
}

export async function explainCommand(location: string, opts: ExplainCommandOptions, io: CliIO): Promise<ExitCode> {
  const m = /^(.+):(\d+)$/.exec(location);
  if (!m) throw new UsageError(`explain needs FILE:LINE, got "${location}"`);
  const file = path.resolve(io.cwd ?? '.', m[1]!);
  const line = Number(m[2]);
  const targetVersion = parseTargetVersion(opts.targetVersion);
  const result = await runMigration({
    paths: [file],
    mode: 'rewrite',
    rules: opts.rule ?? [],
    jobs: 1,
    noVerify: opts.verify === false,
    policy: parsePolicy(opts.policy),
    includeHeaders: opts.includeHeaders ?? false,
    ...(targetVersion ? { targetVersion } : {}),
  });
  const outcome = result.files.find((f) => f.absPath === file);
  const sites = outcome?.findings.filter((f) => f.line === line) ?? [];
  if (!outcome || sites.length === 0) {
    const near = (outcome?.findings ?? []).map((f) => f.line);
    const hint = near.length > 0 ? `sites in this file are on lines ${[...new Set(near)].join(', ')}` : 'the file holds no site of the selected rules';
    throw new UsageError(`no site on ${m[1]}:${line} (${hint})`);
  }
  const text = outcome.original ?? decodeSource(readFileSync(file)).text;
  const lines = new LineIndex(text);
  const sourceLines = text.split(/\r?\n/);
  const style = makeStyle(io.stdout.isTTY ?? false, io.env);
  for (const f of sites) io.stdout.write(explainSite(m[1]!, f, lines, sourceLines, style.bold));
  return EXIT.ok;
}

function explainSite(file: string, f: Finding, lines: LineIndex, source: readonly string[], bold: (s: string) => string): string {
  const out: string[] = [];
  out.push(bold(`${file}:${f.line}:${f.column}: ${f.api} (${f.ruleId}): ${f.status}, ${f.reason}${f.verdict ? ` [${f.verdict}]` : ''}`));
  out.push(`  ${f.message}`);
  out.push('history:');
  f.history.forEach((h, i) => out.push(`  ${i + 1}. ${h.stage.padEnd(7)} ${h.status.padEnd(7)} ${h.reason}: ${h.detail}`));
  for (const n of f.notes ?? []) out.push(`note: ${n}`);
  for (const t of f.todo ?? []) out.push(`to check: ${t}`);
  const evidence = new Map<number, string>([[f.line, 'the site']]);
  for (const r of f.related ?? []) evidence.set(lines.positionOf(r.range.start).line, r.message);
  for (const h of f.history) for (const n of linesNamed(h.detail)) if (!evidence.has(n)) evidence.set(n, `named by ${h.stage}: ${h.reason}`);
  out.push('evidence:');
  for (const n of [...evidence.keys()].sort((a, b) => a - b)) {
    if (n < 1 || n > source.length) continue;
    out.push(`  ${String(n).padStart(5)} | ${source[n - 1]}`);
    out.push(`        ^ ${evidence.get(n)}`);
  }
  return out.join('\n') + '\n\n';
}

/** Line numbers a message names: "line 12", "lines 12, 14", "lines 3 → 5 → 9" (our own messages' wording). */
export function linesNamed(message: string): number[] {
  const found: number[] = [];
  for (const m of message.matchAll(/\blines? (\d+(?:(?:, | → | and |-)\d+)*)/g)) {
    for (const n of m[1]!.split(/, | → | and |-/)) found.push(Number(n));
  }
  return found;
}
