/**
 * `validate --boot`: build (or reuse) the i386 debug kernel, generate the
 * test module by running dma-migrate's rules over the templates, build it
 * with W=1, boot it under QEMU with the edu device, and judge its serial output.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Rule } from '../../core/rule.js';
import { parseDiagnostics, type BuildDiagnostic } from '../kbuild/diagnostics.js';
import { withDirLock } from '../kbuild/dir-lock.js';
import { KernelBuildError } from '../kbuild/errors.js';
import { ensureHostPackages, KERNEL_BUILD_TOOLS, packagesOf } from '../kbuild/host-packages.js';
import { kernelMake } from '../kbuild/kernel-make.js';
import { findOnPath, runTool } from '../kbuild/run-tool.js';
import { BOOT_ARCH, qemuArgs } from './boot-config.js';
import { ensureBootKernel, type BootKernel } from './boot-kernel.js';
import { generateTestModule, MODULE_NAME, NEG_COPY, type GeneratedModule } from './generate-module.js';
import { buildInit, buildInitramfs } from './initramfs.js';
import { judgeConsole, NEGATIVE_CONTROLS, type BootVerdict, type CheckResult } from './judge-serial.js';

export interface BootValidateOptions {
  readonly tree: string;
  readonly cacheDir: string;
  readonly env: NodeJS.ProcessEnv;
  /** Install missing tools (make, gcc, flex, bison, bc, qemu-system-x86) with apt-get. */
  readonly install: boolean;
  readonly jobs?: number;
  /** Plant these bugs in the generated module (the boot test must then fail). */
  readonly mutations?: readonly string[];
  readonly rebuild?: boolean;
  readonly timeoutMs?: number;
  /** Rule registry for generating the module (tests). */
  readonly rules?: readonly Rule[];
  readonly log: (line: string) => void;
  readonly now: () => number;
}

export interface ModuleBuild {
  readonly ok: boolean;
  /** Warnings and errors in the rewritten and harness files (the dropped-offset copy is exempt). */
  readonly diagnostics: readonly BuildDiagnostic[];
  readonly seconds: number;
  /** The make log, in the run directory. */
  readonly logFile: string;
}

export interface BootReport {
  readonly tree: string;
  readonly kernel: BootKernel;
  readonly module: GeneratedModule;
  readonly moduleBuild: ModuleBuild;
  readonly boot?: { readonly seconds: number; readonly consoleLog: string; readonly timedOut: boolean; readonly exitCode: number | null };
  readonly verdict: BootVerdict;
  readonly pass: boolean;
}

export const BOOT_TOOLS = [...KERNEL_BUILD_TOOLS, { probe: 'qemu-system-i386', debianPackage: 'qemu-system-x86' }];

export async function validateBoot(o: BootValidateOptions): Promise<BootReport> {
  const tools = await ensureHostPackages(BOOT_TOOLS, { env: o.env, install: o.install, log: o.log });
  if (tools.missing.length) {
    throw new KernelBuildError(`the boot test needs ${tools.missing.map((m) => m.probe).join(', ')}${tools.error ? `: ${tools.error}` : ''}`, { hint: `apt-get install ${packagesOf(tools.missing).join(' ')}` });
  }
  mkdirSync(path.join(o.cacheDir, 'boot'), { recursive: true });
  return withDirLock(path.join(o.cacheDir, 'boot', '.lock'), () => validateLocked(o), { log: o.log, now: o.now });
}

async function validateLocked(o: BootValidateOptions): Promise<BootReport> {
  const kernel = await ensureBootKernel({ tree: o.tree, cacheDir: o.cacheDir, env: o.env, log: o.log, now: o.now, ...(o.jobs ? { jobs: o.jobs } : {}), ...(o.rebuild ? { rebuild: true } : {}) });
  if (kernel.cached) o.log(`kernel: cached i386 debug kernel reused (${kernel.dir})`);

  const runDir = path.join(kernel.dir, 'run');
  const moduleDir = path.join(runDir, 'module');
  o.log(`module: running dma-migrate's rules over the templates${o.mutations?.length ? ` (mutations: ${o.mutations.join(', ')})` : ''} ...`);
  const module = await generateTestModule({ dir: moduleDir, ...(o.mutations ? { mutations: o.mutations } : {}), ...(o.rules ? { rules: o.rules } : {}) });
  for (const f of module.files) o.log(`module: ${f.template} → ${f.output}: ${Object.entries(f.converted).map(([r, n]) => `${n} site(s) by ${r}`).join(', ')}`);
  for (const l of module.left) o.log(`module: ${l.template} left out: ${l.reason}`);

  const moduleBuild = await buildModule(kernel, moduleDir, o);
  o.log(`module: ${moduleBuild.ok ? 'built' : 'FAILED to build'} in ${moduleBuild.seconds.toFixed(1)} s${moduleBuild.diagnostics.length ? ` with ${moduleBuild.diagnostics.length} diagnostic(s)` : ''}`);
  const buildCheck = moduleBuildCheck(moduleBuild);
  if (!moduleBuild.ok) {
    const verdict: BootVerdict = {
      pass: false,
      checks: [buildCheck, ...module.expectedChecks.map((name) => ({ name, status: 'missing' as const }))],
      negatives: NEGATIVE_CONTROLS.map((n) => ({ name: n.name, caught: false })),
      stray: [],
      problems: ['not booted: the test module does not build'],
    };
    return { tree: o.tree, kernel, module, moduleBuild, verdict, pass: false };
  }

  const init = path.join(runDir, 'init');
  await buildInit(init, o.env);
  const initramfs = path.join(runDir, 'initramfs.cpio');
  buildInitramfs({ genInitCpio: path.join(kernel.buildDir, 'usr', 'gen_init_cpio'), init, module: path.join(moduleDir, `${MODULE_NAME}.ko`), out: initramfs, env: o.env });

  o.log('boot: qemu-system-i386 (TCG, 2 GiB, edu device) ...');
  const t = o.now();
  const run = await runTool('qemu-system-i386', qemuArgs(kernel.bzImage, initramfs), { env: o.env, timeoutMs: o.timeoutMs ?? 180_000 });
  const seconds = (o.now() - t) / 1000;
  const consoleLog = path.join(runDir, 'serial.log');
  writeFileSync(consoleLog, run.output);
  o.log(`boot: ${run.timedOut ? 'TIMED OUT' : 'done'} in ${seconds.toFixed(1)} s, console in ${consoleLog}`);

  const judged = judgeConsole({ text: run.output, expectedChecks: module.expectedChecks, timedOut: run.timedOut });
  const verdict: BootVerdict = { ...judged, checks: [buildCheck, ...judged.checks], pass: judged.pass && buildCheck.status === 'pass' };
  return { tree: o.tree, kernel, module, moduleBuild, boot: { seconds, consoleLog, timedOut: run.timedOut, exitCode: run.code }, verdict, pass: verdict.pass };
}

async function buildModule(kernel: BootKernel, moduleDir: string, o: BootValidateOptions): Promise<ModuleBuild> {
  const sparse = findOnPath('sparse', o.env) !== undefined;
  const t = o.now();
  const run = await kernelMake({
    srcTree: kernel.shadowDir,
    buildDir: kernel.buildDir,
    arch: BOOT_ARCH,
    targets: ['modules'],
    vars: { M: moduleDir, W: '1', ...(sparse ? { C: '1' } : {}) },
    jobs: o.jobs ?? 2,
    env: o.env,
  });
  const logFile = path.join(moduleDir, 'build.log');
  writeFileSync(logFile, `$ ${run.command}\n${run.output}`);
  // the dropped-offset copy may warn (unused offsets); its errors still count
  const diagnostics = parseDiagnostics(run.output, [moduleDir, kernel.shadowDir]).filter((d) => d.severity === 'error' || path.basename(d.file) !== NEG_COPY);
  const ok = run.ok && existsSync(path.join(moduleDir, `${MODULE_NAME}.ko`));
  return { ok, diagnostics, seconds: (o.now() - t) / 1000, logFile };
}

function moduleBuildCheck(b: ModuleBuild): CheckResult {
  const where = (d: BuildDiagnostic) => `${d.file}:${d.line}:${d.column}: ${d.severity}: ${d.message}`;
  if (!b.ok) {
    const errors = b.diagnostics.filter((d) => d.severity === 'error').map(where);
    return { name: 'module-builds-clean', status: 'fail', detail: `the rewritten module does not compile: ${errors.join(' | ') || `see ${b.logFile}`}` };
  }
  if (b.diagnostics.length > 0) return { name: 'module-builds-clean', status: 'fail', detail: b.diagnostics.map(where).join(' | ') };
  return { name: 'module-builds-clean', status: 'pass' };
}
