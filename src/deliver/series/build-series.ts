/**
 * `series`: run the rewrite on a git work tree (or a plain source tree, such
 * as an unpacked release tarball, whose changed files then get a base commit
 * of their own in a scratch repository), group the changes into one patch
 * per driver directory (or MAINTAINERS section) carrying every rule's
 * changes to it, commit them in a scratch object store, let `git
 * format-patch` write them, and add recipients, a cover letter and (with
 * --check) checkpatch's verdict.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { MAINTAINERS_MAX_BYTES, readControlFile } from '../../core/control-file.js';
import { UsageError } from '../../core/errors.js';
import type { FileOutcome } from '../../core/outcome.js';
import type { Rule, DmaPolicy } from '../../core/rule.js';
import type { KernelVersion } from '../../core/target.js';
import { relativePath } from '../../engine/discover/sources.js';
import { changedSinceHead, gitIdentity, openRepository, resolveRevision, trackedEntries } from '../git/repo.js';
import { Git } from '../git/run-git.js';
import { hasGetMaintainer, runGetMaintainer } from '../maintainers/get-maintainer-script.js';
import { MaintainersIndex, type Recipients } from '../../engine/discover/maintainers/match-maintainers.js';
import { parseMaintainers } from '../../engine/discover/maintainers/parse-maintainers.js';
import { unifiedDiff } from '../output/diff.js';
import { COVER_NAME, addRecipients, discard, fillCoverLetter, formatPatches, prepareOutput, publish, readStaged, writeStaged } from '../output/patch-files.js';
import { runMigration, type CacheOptions, type RunResult } from '../../engine/pipeline/index.js';
import { addedIssues, hasCheckpatch, runCheckpatch, type PatchCheck } from './checkpatch.js';
import { commitMessage, subjectLine } from './commit-message.js';
import { patchSummary, subjectParts } from './patch-subject.js';
import { createCommits, scratchGit, type CommitSpec } from './commit-series.js';
import { coverBlurb, coverSubject } from './cover-letter.js';
import { describeUnbuildable, unbuildableOnBase } from '../../engine/discover/base-tree-lacks.js';
import { planSeries, type GroupBy, type PlannedPatch, type StagedFile } from './plan-series.js';
import { learnPrefix, type LearnedPrefix } from './subject-prefix.js';

export interface SeriesOptions {
  /** The git work tree. */
  readonly tree: string;
  /** Paths inside the tree to migrate (default: all of it). */
  readonly paths?: readonly string[];
  readonly outDir: string;
  readonly groupBy?: GroupBy;
  readonly rules?: readonly string[];
  readonly targetVersion?: KernelVersion;
  /** Run the tree's scripts/checkpatch.pl on every patch (runs the tree's Perl). */
  readonly check?: boolean;
  /** Recipients from the tree's MAINTAINERS file ("builtin", the default) or its scripts/get_maintainer.pl ("tree": runs the tree's Perl). */
  readonly maintainers?: 'builtin' | 'tree';
  /** `--prefix-map` entries (path, subject prefix): they override the learned prefixes. */
  readonly prefixMap?: readonly (readonly [string, string])[];
  /** format-patch's --subject-prefix (default "PATCH"). */
  readonly subjectPrefix?: string;
  /** Replace patch files already in outDir. */
  readonly force?: boolean;
  readonly env: NodeJS.ProcessEnv;
  readonly tool: { readonly name: string; readonly version: string };
  readonly ruleSet?: readonly Rule[];
  /** DMA call-site policy (default `upstream`). */
  readonly policy?: DmaPolicy;
  /** Write patches that use an API the base tree lacks (--target-version past it); the cover letter says so. */
  readonly allowUnbuildable?: boolean;
  /** `--exclude` globs, relative to the tree: those paths get no patch. */
  readonly exclude?: readonly string[];
  /** The result cache of the rewrite run. */
  readonly cache?: CacheOptions;
  /** Called once the rewrite is made, before anything is written (the CLI's SIGINT/SIGTERM handling changes there). */
  readonly beforeWrite?: () => Promise<void>;
}

export type RecipientSource = 'get_maintainer.pl' | 'MAINTAINERS' | 'none';

export interface SeriesPatch {
  /** Absolute path of the written file. */
  readonly file: string;
  readonly subject: string;
  /** The rules whose changes the patch carries, in rule order. */
  readonly rules: readonly string[];
  readonly prefixSource: LearnedPrefix['source'];
  readonly files: readonly string[];
  readonly sites: number;
  readonly to: readonly string[];
  readonly cc: readonly string[];
  readonly checkpatch?: PatchCheck;
  /** What the author should check before sending it (`file:line: text`), e.g. comments that still name the old API. */
  readonly todo: readonly string[];
}

export interface SeriesResult {
  readonly outDir: string;
  readonly base: string;
  /** The tree had no git history: the base commit was made in a scratch repository from the files' current text. */
  readonly plainTree: boolean;
  readonly cover?: string;
  readonly patches: SeriesPatch[];
  readonly recipientSource: RecipientSource;
  /** Changed files git does not track (not in any patch). */
  readonly untracked: readonly string[];
  readonly run: RunResult;
  readonly checkpatchRan: boolean;
}

function toolLine(tool: SeriesOptions['tool'], rules: readonly string[]): string {
  return `Generated by ${tool.name} ${tool.version} (rule${rules.length === 1 ? '' : 's'} ${rules.join(', ')}).`;
}

/** Changed outcomes → staged files (each with all its rules' changes), in repository coordinates. */
function stageFiles(run: RunResult, top: string, kernelRoot: string, modes: Map<string, { mode: string }>, ruleOrder: readonly string[]): StagedFile[] {
  const out: StagedFile[] = [];
  for (const outcome of run.files) {
    if (outcome.output === undefined || outcome.original === undefined) continue;
    const repoPath = relativePath(top, outcome.absPath);
    const entry = modes.get(repoPath);
    if (!entry) continue;
    const fixIds = new Set(outcome.applied.map((f) => f.id));
    const present = new Set(outcome.applied.map((f) => f.ruleId));
    out.push({
      rules: ruleOrder.filter((r) => present.has(r)),
      path: repoPath,
      treePath: relativePath(kernelRoot, outcome.absPath),
      mode: entry.mode,
      before: outcome.original,
      after: outcome.output,
      encoding: outcome.encoding,
      fixes: outcome.applied,
      sites: outcome.findings.filter((f) => f.status === 'convert' && f.fixId !== undefined && fixIds.has(f.fixId)),
    });
  }
  return out;
}

/**
 * A plain source tree (no git): a scratch bare repository whose one commit
 * holds the current text of the files to change, so the series applies to
 * the tree as it is (`git am` or `git apply` there) without the user
 * touching its .gitignore or making a repository of it.
 */
function plainTreeBase(dir: string, files: readonly FileOutcome[], top: string, env: NodeJS.ProcessEnv): { git: Git; base: string; modes: Map<string, { mode: string }>; cleanup: () => void } {
  const scratchDir = mkdtempSync(path.join(os.tmpdir(), 'dma-migrate-base-'));
  const cleanup = () => rmSync(scratchDir, { recursive: true, force: true });
  try {
    const git = new Git(scratchDir, env);
    git.run(['init', '--quiet', '--bare']);
    const modes = new Map<string, { mode: string }>();
    const entries: string[] = [];
    for (const f of files) {
      const rel = relativePath(top, f.absPath);
      const mode = (statSync(f.absPath).mode & 0o111) !== 0 ? '100755' : '100644';
      const blob = git.text(['hash-object', '-w', '--stdin'], { input: Buffer.from(f.original!, f.encoding === 'latin1' ? 'latin1' : 'utf8') }).trim();
      entries.push(`${mode} ${blob}\t${rel}\0`);
      modes.set(rel, { mode });
    }
    const indexed = git.withEnv({ GIT_INDEX_FILE: path.join(scratchDir, 'base-index') });
    indexed.run(['update-index', '-z', '--add', '--index-info'], { input: entries.join('') });
    const tree = indexed.text(['write-tree']).trim();
    const base = git.text(['commit-tree', tree, '-F', '-'], { input: `${path.basename(dir)} as found (no git history)\n` }).trim();
    return { git, base, modes, cleanup };
  } catch (err) {
    cleanup();
    throw err;
  }
}

function recipientsFinder(
  kernelRoot: string,
  env: NodeJS.ProcessEnv,
  mode: 'builtin' | 'tree',
): { source: RecipientSource; index?: MaintainersIndex; find: (patchFile: string, patch: PlannedPatch) => Recipients } {
  const maintainers = path.join(kernelRoot, 'MAINTAINERS');
  const index = existsSync(maintainers) ? new MaintainersIndex(parseMaintainers(readControlFile(maintainers, MAINTAINERS_MAX_BYTES)), kernelRoot) : undefined;
  if (mode === 'tree') {
    if (!hasGetMaintainer(kernelRoot)) throw new UsageError(`--maintainers tree: ${path.join(kernelRoot, 'scripts', 'get_maintainer.pl')} not found`);
    return { source: 'get_maintainer.pl', ...(index ? { index } : {}), find: (patchFile) => runGetMaintainer(kernelRoot, patchFile, env) };
  }
  if (index) return { source: 'MAINTAINERS', index, find: (_f, patch) => index.recipientsFor(patch.files.map((f) => f.treePath)) };
  return { source: 'none', find: () => ({ to: [], cc: [] }) };
}

function isWorkTree(dir: string, env: NodeJS.ProcessEnv): boolean {
  const r = new Git(path.resolve(dir), env).run(['rev-parse', '--show-toplevel'], { okCodes: [0, 128] });
  return r.code === 0 && r.stdout.toString('utf8').trim() !== '';
}

export async function buildSeries(options: SeriesOptions): Promise<SeriesResult> {
  const treeAbs = path.resolve(options.tree);
  const plainTree = !isWorkTree(treeAbs, options.env);
  const repo = plainTree ? undefined : openRepository(options.tree, options.env);
  const top = repo ? repo.top : treeAbs;
  let base = repo ? resolveRevision(repo.git, 'HEAD') : undefined;
  if (repo && !base) throw new UsageError(`${top} has no commits yet`, { hint: 'commit the tree first: the series applies on HEAD' });
  const paths = options.paths && options.paths.length > 0 ? options.paths.map((p) => path.resolve(treeAbs, p)) : [treeAbs];
  for (const p of paths) {
    const rel = path.relative(top, p);
    if (rel.startsWith('..') || path.isAbsolute(rel)) throw new UsageError(`${p} is outside the ${plainTree ? 'tree' : 'work tree'} ${top}`);
  }

  const run = await runMigration({
    paths,
    mode: 'rewrite',
    rules: options.rules ?? [],
    ...(options.targetVersion ? { targetVersion: options.targetVersion } : {}),
    ...(options.ruleSet ? { ruleSet: options.ruleSet } : {}),
    ...(options.policy ? { policy: options.policy } : {}),
    ...(options.exclude && options.exclude.length > 0 ? { exclude: options.exclude } : {}),
    ...(options.cache ? { cache: options.cache } : {}),
  });
  const unbuildable = unbuildableOnBase(run);
  if (unbuildable.length > 0 && !options.allowUnbuildable) {
    throw new UsageError(`refusing to write patches that cannot build on their base: ${describeUnbuildable(unbuildable, run.tree)}`, {
      hint: 'leave out those rules (--rule) or --target-version, or pass --allow-unbuildable to write them anyway (the cover letter then says so)',
    });
  }
  await options.beforeWrite?.();
  const kernelRoot = run.tree?.root ?? top;
  const changed: FileOutcome[] = run.files.filter((f) => f.output !== undefined && f.original !== undefined);
  let git: Git;
  let tracked: Map<string, { mode: string }>;
  let untracked: string[] = [];
  let cleanupBase = () => {};
  if (repo) {
    git = repo.git;
    const repoPaths = changed.map((f) => relativePath(top, f.absPath));
    tracked = trackedEntries(git, repoPaths);
    untracked = repoPaths.filter((p) => !tracked.has(p));
    const dirty = [...changedSinceHead(git, [...tracked.keys()])].sort();
    if (dirty.length > 0) {
      throw new UsageError(`${dirty.length} file${dirty.length === 1 ? '' : 's'} to convert differ from HEAD (${dirty.slice(0, 3).join(', ')}${dirty.length > 3 ? ', ...' : ''})`, {
        hint: 'commit or stash them first: the series applies on HEAD',
      });
    }
  } else {
    const made = plainTreeBase(treeAbs, changed, top, options.env);
    git = made.git;
    base = made.base;
    tracked = made.modes;
    cleanupBase = made.cleanup;
  }
  try {
    return await writeSeries(options, { git, history: repo !== undefined, base: base!, top, kernelRoot, run, tracked, untracked, plainTree, unbuildable });
  } finally {
    cleanupBase();
  }
}

interface SeriesInput {
  readonly git: Git;
  /** The repository has the files' history (not a scratch base). */
  readonly history: boolean;
  readonly base: string;
  readonly top: string;
  readonly kernelRoot: string;
  readonly run: RunResult;
  readonly tracked: Map<string, { mode: string }>;
  readonly untracked: readonly string[];
  readonly plainTree: boolean;
  /** The API features the base tree lacks (series written with --allow-unbuildable). */
  readonly unbuildable: ReturnType<typeof unbuildableOnBase>;
}

async function writeSeries(options: SeriesOptions, input: SeriesInput): Promise<SeriesResult> {
  const { git, base, top, kernelRoot, run, tracked, untracked, plainTree, unbuildable } = input;
  const identity = gitIdentity(git, 'committer');
  const ruleOrder = run.rules.map((r) => r.meta.id);
  const staged = stageFiles(run, top, kernelRoot, tracked, ruleOrder);
  const recipients = recipientsFinder(kernelRoot, options.env, options.maintainers ?? 'builtin');
  const groupBy = options.groupBy ?? 'dir';
  const plan = planSeries(staged, groupBy, ruleOrder, (p) => recipients.index?.bestSections(p) ?? []);
  const result = { outDir: path.resolve(options.outDir), base, plainTree, patches: [] as SeriesPatch[], recipientSource: recipients.source, untracked, run, checkpatchRan: false };
  if (plan.length === 0) return result;

  const rulesById = new Map(run.rules.map((r) => [r.meta.id, r]));
  const signedOffBy = `${identity.name} <${identity.email}>`;
  const specs: CommitSpec[] = [];
  const meta: { subject: string; prefix: string; prefixSource: LearnedPrefix['source'] }[] = [];
  for (const patch of plan) {
    const rules = patch.rules.map((id) => rulesById.get(id)!);
    // A single-file driver in a directory other patches share (drivers/block/brd.c) is named by its file.
    const shared = plan.filter((p) => p.dir === patch.dir).length > 1;
    const only = patch.files.length === 1 ? patch.files[0]!.path : undefined;
    const named = shared && only ? `${patch.dir}/${path.posix.basename(only).replace(/\.[ch]$/, '')}` : patch.dir;
    const learned = learnPrefix(input.history ? git : undefined, patch.files.map((f) => f.path), named, patch.files.map((f) => f.treePath), options.prefixMap ?? []);
    const providerSubject = rulesById.get('dma-ops-map-page-to-map-phys')?.meta.patchSubject;
    const fallback = rules[0]!.meta.patchSubject ?? `Apply the ${rules[0]!.meta.id} conversion`;
    const summary = patchSummary(learned.prefix, subjectParts(patch.files.flatMap((f) => f.sites), providerSubject), fallback);
    const message = commitMessage({
      prefix: learned.prefix,
      summary,
      rationale: rules.map((r) => r.meta.rationale).join('\n\n'),
      notes: patch.files.flatMap((f) => f.fixes.flatMap((x) => x.notes)),
      toolLine: toolLine(options.tool, patch.rules),
      signedOffBy,
    });
    specs.push({ message, files: patch.files.map((f) => ({ path: f.path, mode: f.mode, content: Buffer.from(f.after, f.encoding === 'latin1' ? 'latin1' : 'utf8') })) });
    meta.push({ subject: subjectLine(learned.prefix, summary), prefix: learned.prefix, prefixSource: learned.source });
  }

  const area = prepareOutput(result.outDir, options.force ?? false);
  try {
    const scratch = scratchGit(git, area.scratch);
    const ids = createCommits(scratch, base, specs);
    const names = formatPatches(scratch, area.patches, { base, tip: ids[ids.length - 1]!, subjectPrefix: options.subjectPrefix ?? 'PATCH' });
    const [cover, ...patchNames] = names;
    if (cover !== COVER_NAME || patchNames.length !== plan.length) throw new UsageError(`git format-patch wrote ${names.length} files for ${plan.length} patches`);

    const checkpatch = options.check ? hasCheckpatch(kernelRoot) : false;
    if (options.check && !checkpatch) throw new UsageError(`--check: ${path.join(kernelRoot, 'scripts', 'checkpatch.pl')} not found`);
    const patches: SeriesPatch[] = [];
    const allTo: string[] = [];
    const allCc: string[] = [];
    for (const [i, name] of patchNames.entries()) {
      const planned = plan[i]!;
      const staged = path.join(area.patches, name);
      const r = recipients.find(staged, planned);
      writeStaged(area, name, addRecipients(readStaged(area, name), r.to, r.cc));
      for (const a of r.to) if (!allTo.includes(a)) allTo.push(a);
      for (const a of r.cc) if (!allCc.includes(a)) allCc.push(a);
      let check: PatchCheck | undefined;
      if (checkpatch) {
        const forward = runCheckpatch(kernelRoot, { file: staged }, options.env);
        const reverseText = planned.files.map((f) => unifiedDiff({ path: f.path, original: f.after, output: f.before, encoding: f.encoding })).join('');
        const reverse = runCheckpatch(kernelRoot, { text: reverseText }, options.env);
        check = { patch: name, reported: forward, added: addedIssues(forward, reverse) };
      }
      patches.push({
        file: path.join(result.outDir, name),
        subject: meta[i]!.subject,
        rules: planned.rules,
        prefixSource: meta[i]!.prefixSource,
        files: planned.files.map((f) => f.path),
        sites: planned.files.reduce((s, f) => s + f.sites.length, 0),
        to: r.to,
        cc: r.cc,
        ...(check ? { checkpatch: check } : {}),
        todo: todoOf(planned.files),
      });
    }

    const left: Record<string, number> = {};
    for (const f of run.files) for (const x of f.findings) if (x.status === 'review') left[x.reason] = (left[x.reason] ?? 0) + 1;
    const added = patches.reduce((s, p) => s + (p.checkpatch?.added.length ?? 0), 0);
    const usedRules = ruleOrder.filter((id) => plan.some((p) => p.rules.includes(id))).map((id) => rulesById.get(id)!);
    const coverInput = {
      rules: usedRules,
      patches: patches.map((p) => ({ subject: p.subject, files: p.files.length, sites: p.sites, to: p.to.length, cc: p.cc.length })),
      prefixes: meta.map((m) => m.prefix),
      groupBy,
      toolLine: toolLine(options.tool, usedRules.map((r) => r.meta.id)),
      left,
      target: run.targetDescription,
      ...(unbuildable.length > 0 ? { unbuildable: `These patches do not build on the base commit: ${describeUnbuildable(unbuildable, run.tree)}. They are for a tree that has that API.` } : {}),
      ...(checkpatch ? { checkpatch: `scripts/checkpatch.pl: ${added === 0 ? 'no new warnings or errors on any patch' : `${added} new issue${added === 1 ? '' : 's'} (see the tool's report)`}.` } : {}),
    };
    const coverText = fillCoverLetter(readStaged(area, cover), coverSubject(coverInput), coverBlurb(coverInput));
    writeStaged(area, cover, addRecipients(coverText, allTo, allCc.filter((c) => !allTo.includes(c))));
    const written = publish(area, result.outDir, names);
    return { ...result, cover: written[0]!, patches, checkpatchRan: checkpatch };
  } catch (err) {
    discard(area);
    throw err;
  }
}

/** The files' to-dos for the author, once each, at the first site that carries them. */
function todoOf(files: readonly StagedFile[]): string[] {
  const out = new Map<string, string>();
  for (const f of files) for (const site of f.sites) for (const t of site.todo ?? []) if (!out.has(`${f.path}\0${t}`)) out.set(`${f.path}\0${t}`, `${f.path}:${site.line}: ${t}`);
  return [...out.values()];
}
