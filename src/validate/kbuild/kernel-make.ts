/**
 * `make` on a kernel tree, always out of tree (O=), niced, in the C locale
 * (so diagnostics quote with '), with reproducible build identity.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { runTool, type ToolRun } from './run-tool.js';
import { KernelBuildError, logTail } from './errors.js';
import { parseDotConfig } from './object-gates.js';

export interface MakeTarget {
  readonly karch: string;
  readonly crossCompile?: string;
}

export interface KernelMakeOptions {
  readonly srcTree: string;
  readonly buildDir: string;
  readonly arch: MakeTarget;
  readonly targets: readonly string[];
  /** Extra make variables (W=1, C=1, M=dir, KCONFIG_ALLCONFIG=...). */
  readonly vars?: Readonly<Record<string, string>>;
  readonly jobs?: number;
  readonly env: NodeJS.ProcessEnv;
  readonly onLine?: (line: string) => void;
  readonly timeoutMs?: number;
  /** -k: keep going after an error. */
  readonly keepGoing?: boolean;
}

export function kernelMake(o: KernelMakeOptions): Promise<ToolRun> {
  mkdirSync(o.buildDir, { recursive: true });
  const args = ['-C', o.srcTree, `O=${o.buildDir}`, `ARCH=${o.arch.karch}`];
  if (o.arch.crossCompile) args.push(`CROSS_COMPILE=${o.arch.crossCompile}`);
  args.push(`-j${o.jobs ?? 2}`);
  if (o.keepGoing) args.push('-k');
  for (const [k, v] of Object.entries(o.vars ?? {})) args.push(`${k}=${v}`);
  args.push(...o.targets);
  return runTool('make', args, {
    env: { ...o.env, LC_ALL: 'C', LANG: 'C', KBUILD_BUILD_USER: 'dma-migrate', KBUILD_BUILD_HOST: 'dma-migrate' },
    nice: true,
    ...(o.onLine ? { onLine: o.onLine } : {}),
    ...(o.timeoutMs ? { timeoutMs: o.timeoutMs } : {}),
  });
}

export interface ConfigureOptions {
  readonly srcTree: string;
  readonly buildDir: string;
  readonly arch: MakeTarget;
  /** make target producing the base config: allmodconfig, tinyconfig, ... */
  readonly base: 'allmodconfig' | 'tinyconfig' | 'defconfig';
  /** Kconfig lines (CONFIG_X=y, # CONFIG_Y is not set) applied on top. */
  readonly fragment: readonly string[];
  readonly env: NodeJS.ProcessEnv;
  readonly onLine?: (line: string) => void;
}

export interface Configured {
  readonly config: Map<string, string>;
  /** false when an existing configuration was reused. */
  readonly ran: boolean;
}

const MARKER = '.dma-migrate-config';

/**
 * Configure the build directory: the base config with the fragment applied
 * (allmodconfig takes it through KCONFIG_ALLCONFIG; the others get it
 * appended and settled by olddefconfig). Reused when already done with the
 * same base and fragment.
 */
export async function configureKernel(o: ConfigureOptions): Promise<Configured> {
  const marker = path.join(o.buildDir, MARKER);
  const want = JSON.stringify({ base: o.base, arch: o.arch, fragment: o.fragment });
  const dotConfig = path.join(o.buildDir, '.config');
  if (existsSync(marker) && existsSync(dotConfig) && readFileSync(marker, 'utf8') === want) {
    return { config: parseDotConfig(readFileSync(dotConfig, 'utf8')), ran: false };
  }
  mkdirSync(o.buildDir, { recursive: true });
  const fragFile = path.join(o.buildDir, '.dma-migrate-fragment.config');
  writeFileSync(fragFile, o.fragment.join('\n') + '\n');
  const common = { srcTree: o.srcTree, buildDir: o.buildDir, arch: o.arch, env: o.env, ...(o.onLine ? { onLine: o.onLine } : {}) };
  let run: ToolRun;
  if (o.base === 'allmodconfig') {
    run = await kernelMake({ ...common, targets: ['allmodconfig'], vars: { KCONFIG_ALLCONFIG: fragFile } });
  } else {
    run = await kernelMake({ ...common, targets: [o.base] });
    if (run.ok) {
      writeFileSync(dotConfig, readFileSync(dotConfig, 'utf8') + o.fragment.join('\n') + '\n');
      run = await kernelMake({ ...common, targets: ['olddefconfig'] });
    }
  }
  if (!run.ok) throw new KernelBuildError(`make ${o.base} failed for ARCH=${o.arch.karch}:\n${logTail(run.output)}`, { log: run.output });
  writeFileSync(marker, want);
  return { config: parseDotConfig(readFileSync(dotConfig, 'utf8')), ran: true };
}

/** Fragment lines whose value did not survive configuration (a dependency is missing). */
export function unmetFragment(fragment: readonly string[], config: ReadonlyMap<string, string>): string[] {
  const bad: string[] = [];
  for (const line of fragment) {
    const on = /^CONFIG_([A-Za-z0-9_]+)=(.*)$/.exec(line);
    const off = /^# CONFIG_([A-Za-z0-9_]+) is not set$/.exec(line);
    if (on && config.get(on[1]!) !== on[2]) bad.push(line);
    if (off && config.has(off[1]!) && config.get(off[1]!) !== 'n') bad.push(line);
  }
  return bad;
}
