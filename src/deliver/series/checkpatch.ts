/**
 * Run the tree's scripts/checkpatch.pl on each patch and keep the warnings
 * the patch adds. Warnings on code (those with a FILE: location) are
 * compared with checkpatch's verdict on the reverse change, which shows the
 * removed lines as added: a warning type that the old lines had as often is
 * not new. Warnings on the commit message are always the patch's own.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { SourceAccessError } from '../../core/errors.js';
import { isFullKernelTree } from '../maintainers/get-maintainer-script.js';

export interface CheckpatchIssue {
  readonly level: 'ERROR' | 'WARNING' | 'CHECK';
  readonly type: string;
  readonly message: string;
  /** FILE: location, for issues on code. */
  readonly file?: string;
  readonly line?: number;
}

export interface PatchCheck {
  readonly patch: string;
  /** Everything checkpatch reported on the patch. */
  readonly reported: readonly CheckpatchIssue[];
  /** What the patch adds (not already present in the lines it replaces). */
  readonly added: readonly CheckpatchIssue[];
}

export function hasCheckpatch(root: string): boolean {
  return existsSync(path.join(root, 'scripts', 'checkpatch.pl'));
}

const ISSUE_RE = /^(ERROR|WARNING|CHECK):([A-Z0-9_]+): (.*)$/;
const FILE_RE = /^#\d+: FILE: (.+):(\d+):$/;

export function parseCheckpatch(output: string): CheckpatchIssue[] {
  const lines = output.split('\n');
  const out: CheckpatchIssue[] = [];
  for (let i = 0; i < lines.length; i++) {
    const m = ISSUE_RE.exec(lines[i]!);
    if (!m) continue;
    const loc = FILE_RE.exec(lines[i + 1] ?? '');
    out.push({ level: m[1] as CheckpatchIssue['level'], type: m[2]!, message: m[3]!, ...(loc ? { file: loc[1]!, line: Number(loc[2]) } : {}) });
  }
  return out;
}

export function runCheckpatch(root: string, input: { file?: string; text?: string }, env: NodeJS.ProcessEnv): CheckpatchIssue[] {
  const args = [path.join(root, 'scripts', 'checkpatch.pl'), '--show-types', '--no-summary', '--color=never'];
  if (!isFullKernelTree(root)) args.push('--no-tree');
  args.push(input.file ?? '-');
  const r = spawnSync('perl', args, { cwd: root, env: { ...env, LC_ALL: 'C' }, input: input.text, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (r.error) throw new SourceAccessError(`cannot run perl for scripts/checkpatch.pl: ${r.error.message}`, { cause: r.error, hint: 'install perl' });
  // checkpatch exits 1 when it reports anything; 2 and up are its own failures.
  if (r.status === null || r.status > 1) throw new SourceAccessError(`scripts/checkpatch.pl failed (exit ${r.status}): ${r.stderr.trim().split('\n').slice(-2).join(' / ')}`);
  return parseCheckpatch(r.stdout);
}

/** Issues of `forward` beyond those the reverse change shows, counted per (file, type). */
export function addedIssues(forward: readonly CheckpatchIssue[], reverse: readonly CheckpatchIssue[]): CheckpatchIssue[] {
  const budget = new Map<string, number>();
  for (const r of reverse) if (r.file) budget.set(`${r.file}\0${r.type}`, (budget.get(`${r.file}\0${r.type}`) ?? 0) + 1);
  const out: CheckpatchIssue[] = [];
  for (const f of forward) {
    if (!f.file) {
      out.push(f);
      continue;
    }
    const key = `${f.file}\0${f.type}`;
    const left = budget.get(key) ?? 0;
    if (left > 0) budget.set(key, left - 1);
    else out.push(f);
  }
  return out;
}
