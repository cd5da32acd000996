/**
 * Build (or reuse) the boot test kernel. Cached under
 * <cache>/boot/kernel-<key>, keyed by the tree, its version and state, the
 * config fragment, the API-backport overlay and the compiler; a complete
 * entry is reused as it is. Builds run from a shadow of the tree carrying the
 * overlay, so the tree is never written.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, realpathSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { buildApiOverlay, describeProbe, overlayNeeded, probeTreeApis } from '../kbuild/api-overlay.js';
import { KernelBuildError, logTail } from '../kbuild/errors.js';
import { configureKernel, kernelMake, unmetFragment } from '../kbuild/kernel-make.js';
import { buildProgress } from '../kbuild/progress.js';
import { runTool } from '../kbuild/run-tool.js';
import { ShadowTree } from '../kbuild/shadow-tree.js';
import { BOOT_ARCH, BOOT_FRAGMENT } from './boot-config.js';

/** Bump when the way the kernel is built changes. */
const FORMAT = 1;

export interface BootKernel {
  readonly key: string;
  readonly dir: string;
  readonly shadowDir: string;
  readonly buildDir: string;
  readonly bzImage: string;
  readonly cached: boolean;
  readonly configureSeconds?: number;
  readonly buildSeconds?: number;
  /** What the overlay added (empty when the tree has the APIs). */
  readonly overlayLacks: readonly string[];
  readonly overlayFiles: readonly string[];
}

export interface BootKernelOptions {
  readonly tree: string;
  readonly cacheDir: string;
  readonly env: NodeJS.ProcessEnv;
  readonly jobs?: number;
  readonly rebuild?: boolean;
  readonly log: (line: string) => void;
  readonly now: () => number;
}

export async function bootKernelKey(tree: string, env: NodeJS.ProcessEnv, overlayKey: string): Promise<string> {
  const real = realpathSync(tree);
  const makefile = readFileSync(path.join(real, 'Makefile'), 'utf8').split('\n').slice(0, 6).join('\n');
  const marker = path.join(real, '.dma-migrate-complete');
  const stamp = statSync(existsSync(marker) ? marker : path.join(real, 'Makefile')).mtimeMs;
  const head = existsSync(path.join(real, '.git')) ? (await runTool('git', ['-C', real, 'rev-parse', 'HEAD'], { env })).output.trim() : '';
  const gcc = (await runTool('gcc', ['-dumpfullversion'], { env })).output.trim();
  return createHash('sha256')
    .update(JSON.stringify({ FORMAT, real, makefile, stamp, head, gcc, fragment: BOOT_FRAGMENT, overlayKey }))
    .digest('hex')
    .slice(0, 12);
}

export function bootKernelDir(cacheDir: string, key: string): string {
  return path.join(cacheDir, 'boot', `kernel-${key}`);
}

export async function ensureBootKernel(o: BootKernelOptions): Promise<BootKernel> {
  const tree = realpathSync(o.tree);
  const probe = probeTreeApis(tree);
  const overlay = overlayNeeded(probe) ? buildApiOverlay(tree, probe, { core: true }) : undefined;
  const key = await bootKernelKey(tree, o.env, overlay?.key ?? 'none');
  const dir = bootKernelDir(o.cacheDir, key);
  const shadowDir = path.join(dir, 'shadow');
  const buildDir = path.join(dir, 'build');
  const bzImage = path.join(buildDir, 'arch/x86/boot/bzImage');
  const complete = path.join(dir, '.complete');
  const common = {
    key,
    dir,
    shadowDir,
    buildDir,
    bzImage,
    overlayLacks: overlay ? describeProbe(probe) : [],
    overlayFiles: overlay?.files.map((f) => f.path) ?? [],
  };
  if (!o.rebuild && existsSync(complete) && existsSync(bzImage) && existsSync(path.join(buildDir, 'Module.symvers'))) {
    return { ...common, cached: true };
  }
  mkdirSync(dir, { recursive: true });
  if (overlay) o.log(`the tree lacks ${describeProbe(probe).join(', ')}: API-backport overlay in the scratch build (${common.overlayFiles.join(', ')})`);
  const shadow = new ShadowTree(shadowDir, tree);
  shadow.applyOverrides(new Map((overlay?.files ?? []).map((f) => [f.path, f.content] as const)));

  o.log(`configure: i386 tinyconfig + ${BOOT_FRAGMENT.length} options (HIGHMEM4G, DMA_API_DEBUG, DEBUG_KMAP_LOCAL_FORCE_MAP, DEBUG_ATOMIC_SLEEP) ...`);
  let t = o.now();
  const configured = await configureKernel({ srcTree: shadowDir, buildDir, arch: BOOT_ARCH, base: 'tinyconfig', fragment: BOOT_FRAGMENT, env: o.env });
  const unmet = unmetFragment(BOOT_FRAGMENT, configured.config);
  if (unmet.length) {
    throw new KernelBuildError(`this tree cannot configure the boot test kernel: ${unmet.join(', ')} did not stick (missing dependency or option?)`);
  }
  const configureSeconds = (o.now() - t) / 1000;
  o.log(`configure: done in ${configureSeconds.toFixed(1)} s`);

  o.log(`build: i386 kernel, make -j${o.jobs ?? 2} (about 2 minutes on 2 cores; progress every 15 s) ...`);
  t = o.now();
  const run = await kernelMake({ srcTree: shadowDir, buildDir, arch: BOOT_ARCH, targets: [], jobs: o.jobs ?? 2, env: o.env, onLine: buildProgress((l) => o.log(`build: ${l}`), o.now) });
  writeFileSync(path.join(dir, 'build.log'), `$ ${run.command}\n${run.output}`);
  if (!run.ok || !existsSync(bzImage)) {
    throw new KernelBuildError(`building the boot test kernel failed:\n${logTail(run.output)}`, { log: run.output, hint: `full log: ${path.join(dir, 'build.log')}` });
  }
  const buildSeconds = (o.now() - t) / 1000;
  o.log(`build: done in ${buildSeconds.toFixed(0)} s`);
  writeFileSync(complete, JSON.stringify({ configureSeconds, buildSeconds }) + '\n');
  return { ...common, cached: false, configureSeconds, buildSeconds };
}
