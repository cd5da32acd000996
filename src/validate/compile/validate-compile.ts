/**
 * `validate --compile`: build every object a change touches, once from the
 * unmodified files and once from the changed ones, with W=1 (and C=1 when
 * sparse is installed), and report per object: built clean, new warnings,
 * errors, or not buildable here (why). Builds run from a shadow of the tree
 * (the tree is never written) with the API-backport overlay when the tree
 * lacks the API the change uses; everything lives under the cache directory.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { buildApiOverlay, describeProbe, overlayNeeded, probeTreeApis, type ApiOverlay } from '../kbuild/api-overlay.js';
import { newDiagnostics, parseDiagnostics, uniqueDiagnostics, type BuildDiagnostic } from '../kbuild/diagnostics.js';
import { renamedIdentifiers } from '../kbuild/renamed-identifiers.js';
import { withDirLock } from '../kbuild/dir-lock.js';
import { logTail } from '../kbuild/errors.js';
import { findOnPath } from '../kbuild/run-tool.js';
import { kernelMake } from '../kbuild/kernel-make.js';
import { ShadowTree } from '../kbuild/shadow-tree.js';
import { BuildPlanner, type BuildPlan } from './build-plan.js';
import type { ChangedFile } from './change-set.js';
import { objectsForChange } from './objects-for-change.js';

export interface CompileValidateOptions {
  readonly tree: string;
  readonly changes: readonly ChangedFile[];
  readonly cacheDir: string;
  readonly env: NodeJS.ProcessEnv;
  /** Install missing cross compilers and build tools with apt-get. */
  readonly install: boolean;
  /** Run sparse (C=1); default: when sparse is installed. */
  readonly sparse?: boolean;
  readonly jobs?: number;
  /** Only try these arch ids. */
  readonly arches?: readonly string[];
  readonly log: (line: string) => void;
  readonly now: () => number;
}

export type ObjectStatus = 'clean' | 'new-warnings' | 'errors' | 'not-built';

export interface ObjectResult {
  readonly object: string;
  readonly source: string;
  readonly status: ObjectStatus;
  readonly arch?: string;
  readonly config?: string;
  readonly sparse?: boolean;
  /** Diagnostics of the unmodified build (the baseline). */
  readonly baseline?: number;
  /** What the change adds (warnings and errors). */
  readonly added: readonly BuildDiagnostic[];
  readonly reason?: string;
  readonly logs?: { readonly before: string; readonly after: string };
  readonly seconds: number;
}

export interface CompileReport {
  readonly tree: string;
  /** Present when the tree lacked an API and the overlay was applied to the scratch build. */
  readonly overlay?: { readonly lacks: readonly string[]; readonly files: readonly string[] };
  readonly objects: readonly ObjectResult[];
  readonly skipped: readonly { readonly path: string; readonly reason: string }[];
  readonly workDir: string;
}

/** Identifiers whose use means the change needs the API-backport overlay on an old tree. */
const NEW_API = /\b(dma_map_phys|dma_unmap_phys|DMA_ATTR_MMIO|map_phys|unmap_phys|phys_to_page|bvec_phys)\b/g;

/** Does the change add uses of the newer API (more occurrences after than before)? */
export function addsNewApi(c: ChangedFile): boolean {
  const count = (t: string | undefined) => (t === undefined ? 0 : (t.match(NEW_API) ?? []).length);
  return count(c.after) > count(c.before);
}

export function compileWorkDir(cacheDir: string, tree: string): string {
  const real = realpathSync(tree);
  const hash = createHash('sha256').update(real).digest('hex').slice(0, 10);
  return path.join(cacheDir, 'compile', `${path.basename(real)}-${hash}`);
}

export async function validateCompile(o: CompileValidateOptions): Promise<CompileReport> {
  const tree = realpathSync(o.tree);
  const workDir = compileWorkDir(o.cacheDir, tree);
  mkdirSync(path.dirname(workDir), { recursive: true });
  return withDirLock(`${workDir}.lock`, () => validateLocked(o, tree, workDir), { log: o.log, now: o.now });
}

async function validateLocked(o: CompileValidateOptions, tree: string, workDir: string): Promise<CompileReport> {
  const shadow = new ShadowTree(path.join(workDir, 'shadow'), tree);
  const logDir = path.join(workDir, 'logs');
  mkdirSync(logDir, { recursive: true });

  const probe = probeTreeApis(tree);
  const usesNewApi = o.changes.some(addsNewApi);
  let overlay: ApiOverlay | undefined;
  if (usesNewApi && overlayNeeded(probe)) {
    overlay = buildApiOverlay(tree, probe, { core: false });
    o.log(`the tree lacks ${describeProbe(probe).join(', ')}: API-backport overlay applied to the scratch build only (${overlay.files.map((f) => f.path).join(', ')})`);
  }
  const overlayFiles = new Map((overlay?.files ?? []).map((f) => [f.path, f.content] as const));
  const sparse = o.sparse ?? findOnPath('sparse', o.env) !== undefined;

  const skipped: { path: string; reason: string }[] = [];
  const work: { object: string; source: string }[] = [];
  for (const c of o.changes) {
    const r = objectsForChange(tree, c);
    if (r.objects.length === 0) skipped.push({ path: c.path, reason: r.skipReason ?? 'nothing to build' });
    for (const obj of r.objects) if (!work.some((w) => w.object === obj.object)) work.push(obj);
  }

  const logsOf = (object: string) => ({ before: path.join(logDir, `${slug(object)}.before.log`), after: path.join(logDir, `${slug(object)}.after.log`) });
  const planner = new BuildPlanner({ tree, srcTree: shadow.dir, workDir, env: o.env, install: o.install, log: o.log, ...(o.arches ? { arches: o.arches } : {}) });
  const changesByPath = new Map<string, ChangedFile>(o.changes.map((c) => [c.path, c]));
  const setState = (which: 'before' | 'after') => {
    const files = new Map(overlayFiles);
    for (const c of changesByPath.values()) {
      const text = which === 'before' ? c.before : c.after;
      if (text !== undefined) files.set(c.path, text);
    }
    shadow.applyOverrides(files);
  };

  // Plan every object first (configures build dirs), then build all "before", then all "after".
  const results: ObjectResult[] = [];
  try {
    setState('before');
    const plans = new Map<string, BuildPlan | { reasons: string[] }>();
    for (const w of work) {
      o.log(`planning ${w.object} ...`);
      plans.set(w.object, await planner.plan(w.object));
    }
    const beforeRuns = new Map<string, { ok: boolean; diags: BuildDiagnostic[]; log: string; ms: number }>();
    for (const w of work) {
      const plan = plans.get(w.object)!;
      if (!('arch' in plan)) continue;
      if (changesByPath.get(w.source)?.before === undefined && changesByPath.has(w.source)) {
        beforeRuns.set(w.object, { ok: true, diags: [], log: '(a new file: no build before the change)', ms: 0 });
        continue;
      }
      o.log(`building ${w.object} (unmodified) for ${plan.arch.id} ...`);
      beforeRuns.set(w.object, await buildObject(plan, w.object, sparse, o, shadow.dir, tree, logsOf(w.object).before));
    }
    setState('after');
    for (const w of work) {
      const plan = plans.get(w.object)!;
      if (!('arch' in plan)) {
        results.push({ object: w.object, source: w.source, status: 'not-built', reason: plan.reasons.join('; '), added: [], seconds: 0 });
        continue;
      }
      const b = beforeRuns.get(w.object)!;
      const common = { object: w.object, source: w.source, arch: plan.arch.id, config: plan.configLabel, sparse };
      const logs = logsOf(w.object);
      if (!b.ok) {
        const first = b.diags.find((d) => d.severity === 'error')?.text ?? logTail(b.log, 3).replace(/\n/g, ' | ');
        results.push({ ...common, status: 'not-built', reason: `the unmodified file does not build for ${plan.arch.id} (${plan.configLabel}): ${first}`, added: [], logs, seconds: b.ms / 1000 });
        continue;
      }
      o.log(`building ${w.object} (changed) for ${plan.arch.id} ...`);
      const a = await buildObject(plan, w.object, sparse, o, shadow.dir, tree, logs.after);
      const change = changesByPath.get(w.source);
      const renames = change?.before !== undefined && change.after !== undefined ? renamedIdentifiers(change.before, change.after) : new Map<string, string>();
      const added = newDiagnostics(b.diags, a.diags, renames);
      const status: ObjectStatus = !a.ok || added.some((d) => d.severity === 'error') ? 'errors' : added.length ? 'new-warnings' : 'clean';
      const reason = !a.ok && added.length === 0 ? `the build failed: ${logTail(a.log, 3).replace(/\n/g, ' | ')}` : undefined;
      results.push({ ...common, status, baseline: b.diags.length, added, logs, seconds: (a.ms + b.ms) / 1000, ...(reason ? { reason } : {}) });
    }
  } finally {
    // Leave the shadow with only the overlay: the next run starts from the tree as it is.
    shadow.applyOverrides(overlayFiles);
  }
  return {
    tree,
    ...(overlay ? { overlay: { lacks: describeProbe(probe), files: overlay.files.map((f) => f.path) } } : {}),
    objects: results,
    skipped,
    workDir,
  };
}

async function buildObject(plan: BuildPlan, object: string, sparse: boolean, o: CompileValidateOptions, shadowDir: string, tree: string, logFile: string) {
  rmSync(path.join(plan.buildDir, object), { force: true });
  const start = o.now();
  const run = await kernelMake({
    srcTree: shadowDir,
    buildDir: plan.buildDir,
    arch: plan.arch,
    targets: [object],
    vars: { W: '1', ...(sparse ? { C: '1' } : {}) },
    jobs: o.jobs ?? 2,
    env: o.env,
  });
  writeFileSync(logFile, `$ ${run.command}\n${run.output}`);
  const diags = uniqueDiagnostics(parseDiagnostics(run.output, [shadowDir, tree, plan.buildDir]));
  return { ok: run.ok, diags, log: run.output, ms: o.now() - start };
}

function slug(object: string): string {
  return object.replace(/[/]/g, '__');
}
