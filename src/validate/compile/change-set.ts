/**
 * The change compile validation checks, as (path, text before, text after)
 * per file, from one of three sources: dma-migrate's own rewrite run in
 * memory over the tree, a unified diff (e.g. the output of `dma-migrate
 * rewrite`), or the working tree of a git checkout against a revision.
 * The tree itself is never written.
 */
import { existsSync, readFileSync, realpathSync } from 'node:fs';
import path from 'node:path';
import { applyPatch, parsePatch } from 'diff';
import { UsageError } from '../../core/errors.js';
import type { KernelVersion } from '../../core/target.js';
import type { DmaPolicy } from '../../core/rule.js';
import { runMigration, type CacheOptions } from '../../engine/pipeline/index.js';
import { changedFiles, gitRoot } from '../../deliver/git/changed-files.js';

export interface ChangedFile {
  /** Path relative to the tree root, with forward slashes. */
  readonly path: string;
  /** Content before the change; undefined for a new file. */
  readonly before: string | undefined;
  /** Content after the change; undefined for a deleted file. */
  readonly after: string | undefined;
}

export interface RewriteChangeOptions {
  readonly paths: readonly string[];
  readonly rules?: readonly string[];
  readonly targetVersion?: KernelVersion;
  /** DMA call-site policy (default `upstream`). */
  readonly policy?: DmaPolicy;
  /** The result cache of the in-memory rewrite. */
  readonly cache?: CacheOptions;
}

export interface RewriteChanges {
  readonly files: ChangedFile[];
  /** Sites converted per file (for the report). */
  readonly converted: ReadonlyMap<string, number>;
}

/** Run dma-migrate's rewrite over `paths` inside `tree`, in memory. */
export async function changesFromRewrite(tree: string, opts: RewriteChangeOptions): Promise<RewriteChanges> {
  const abs = opts.paths.map((p) => path.resolve(tree, p));
  const result = await runMigration({
    paths: abs,
    mode: 'rewrite',
    root: tree,
    rules: opts.rules ?? [],
    ...(opts.targetVersion ? { targetVersion: opts.targetVersion } : {}),
    ...(opts.policy ? { policy: opts.policy } : {}),
    ...(opts.cache ? { cache: opts.cache } : {}),
  });
  const files: ChangedFile[] = [];
  const converted = new Map<string, number>();
  for (const f of result.files) {
    if (f.original === undefined || f.output === undefined || f.original === f.output) continue;
    const rel = toTreePath(tree, f.absPath);
    files.push({ path: rel, before: f.original, after: f.output });
    converted.set(rel, f.findings.filter((x) => x.status === 'convert').length);
  }
  return { files, converted };
}

/** Apply a unified diff (paths with or without a/ b/ prefixes) to the tree's files, in memory. */
export function changesFromPatch(tree: string, patchText: string): ChangedFile[] {
  const patches = parsePatch(patchText);
  const out: ChangedFile[] = [];
  for (const p of patches) {
    const oldName = stripPrefix(tree, p.oldFileName);
    const newName = stripPrefix(tree, p.newFileName);
    const rel = newName ?? oldName;
    if (!rel) continue;
    const before = oldName ? readFileSync(path.join(tree, oldName), 'utf8') : undefined;
    if (newName === undefined) {
      out.push({ path: rel, before, after: undefined });
      continue;
    }
    const after = applyPatch(before ?? '', p);
    if (after === false) throw new UsageError(`the patch does not apply to ${rel} in ${tree}`, { hint: 'was it made against this tree?' });
    out.push({ path: rel, before, after });
  }
  if (out.length === 0) throw new UsageError('the patch touches no file');
  return out;
}

/** The working tree of a git checkout against `rev` (committed and uncommitted changes), every file under `tree`. */
export function changesFromGit(tree: string, rev: string, env: NodeJS.ProcessEnv): ChangedFile[] {
  const real = realpathSync(tree); // git names the top level by its real path
  const root = gitRoot(real, env);
  return changedFiles(root, rev, [real], env, { allFiles: true }).map((f) => ({ path: toTreePath(real, path.join(root, f.path)), before: f.oldText, after: f.newText }));
}

function stripPrefix(tree: string, name: string | undefined): string | undefined {
  if (!name || name === '/dev/null') return undefined;
  const clean = name.replace(/\t.*$/, '');
  if (existsSync(path.join(tree, clean))) return clean;
  const stripped = clean.replace(/^[ab]\//, '');
  return stripped;
}

function toTreePath(tree: string, abs: string): string {
  const rel = path.relative(tree, abs);
  if (rel.startsWith('..') || path.isAbsolute(rel)) throw new UsageError(`${abs} is not inside the tree ${tree}`);
  return rel.split(path.sep).join('/');
}
