/**
 * The kernel-build modes of `dma-migrate validate`: --compile, --boot and
 * --clean. Kept apart from other validate modes so that they can share one
 * `validate` command: addKernelValidateOptions() declares the options,
 * runKernelValidate() returns undefined when none of these modes was asked for.
 * The builders are imported when their mode runs, so declaring the options stays cheap.
 */
import { existsSync, rmSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { UsageError } from '../../core/errors.js';
import { EXIT, type ExitCode } from '../../core/exit-codes.js';
import { findKernelTree } from '../../engine/discover/kernel-tree.js';
import { cacheDir, ensureKernelSource } from '../../validate/kernel-source/index.js';
import type { CliIO } from '../io.js';
import { NO_CACHE_HELP, POLICY_HELP, collect, parseJobs } from '../options.js';
import { makeStyle } from '../render/style.js';

export interface KernelValidateOptions {
  /** The model check's `--exclude`: refused here (the build and boot modes take the change whole). */
  readonly exclude?: string[];
  readonly compile?: boolean;
  readonly boot?: boolean;
  readonly clean?: boolean;
  readonly tree?: string;
  readonly patch?: string;
  readonly against?: string;
  readonly rule?: string[];
  readonly targetVersion?: string;
  readonly policy?: string;
  readonly arch?: string[];
  readonly install?: boolean;
  readonly sparse?: boolean;
  readonly jobs?: string;
  readonly json?: boolean;
  readonly mutate?: string[];
  readonly rebuild?: boolean;
  /** false with --no-cache. */
  readonly cache?: boolean;
}

export function addKernelValidateOptions(cmd: Command): Command {
  return cmd
    .option('--compile', 'build every object the change touches before and after it (W=1, sparse when installed); new warnings or errors fail')
    .option('--boot', 'boot an i386 HIGHMEM kernel with DMA-API and kmap debugging under QEMU and run a test module made by the rules')
    .option('--clean', 'delete the build artefacts validation keeps under the cache directory')
    .option('--tree <dir>', 'the kernel tree (default: the tree the paths lie in, else Debian\'s linux-source-6.12, installed into the cache)')
    .option('--patch <file>', '(--compile) the change is this unified diff (- for stdin), e.g. the output of dma-migrate rewrite')
    .option('--against <rev>', '(--compile) the change is the git working tree against this revision')
    .option('-r, --rule <id>', '(--compile PATHS) only these rules', collect)
    .option('--target-version <X.Y>', '(--compile PATHS) rewrite for this kernel release (e.g. 6.18)')
    .option('--policy <name>', `(--compile PATHS) ${POLICY_HELP}`)
    .option('--arch <id>', '(--compile) only build for these arches (x86_64, i386, arm, arm64, powerpc, sparc64, alpha, mips, parisc, ...)', collect)
    .option('--no-install', 'never run apt-get for missing compilers, QEMU or build tools; report them instead')
    .option('--no-sparse', '(--compile) do not run sparse even when installed')
    .option('-j, --jobs <n>', 'parallel jobs: (--compile, --boot) make jobs (default 2)')
    .option('--mutate <id>', '(--boot) break the generated test module on purpose (drop-offset, kunmap-order); the boot test must then FAIL', collect)
    .option('--rebuild', '(--boot) run make on the cached kernel even when it is complete')
    .option('--no-cache', `(--compile PATHS) ${NO_CACHE_HELP}`);
  // --json is declared once, by the model mode's options (declareValidateOptions), and serves every mode.
}

export async function runKernelValidate(paths: readonly string[], opts: KernelValidateOptions, io: CliIO): Promise<ExitCode | undefined> {
  const modes = [opts.compile, opts.boot, opts.clean].filter(Boolean).length;
  if (modes === 0) return undefined;
  if (modes > 1) throw new UsageError('choose one of --compile, --boot, --clean');
  if ((opts.exclude ?? []).length > 0) throw new UsageError('--exclude applies to the behaviour-model check, not to --compile, --boot or --clean');
  parseJobs(opts.jobs); // the same whole number from 1 to 256 as every command's -j
  const cache = cacheDir(io.env);
  const err = makeStyle(io.stderr.isTTY ?? false, io.env);
  const log = (line: string) => io.stderr.write(`${err.gray('·')} ${line}\n`);
  if (opts.clean) {
    for (const sub of ['compile', 'boot']) rmSync(path.join(cache, sub), { recursive: true, force: true });
    io.stdout.write(`removed ${path.join(cache, 'compile')} and ${path.join(cache, 'boot')} (the unpacked kernel sources in ${path.join(cache, 'src')} are kept)\n`);
    return EXIT.ok;
  }
  if (opts.boot) {
    if (paths.length > 1) throw new UsageError('validate --boot takes at most one TREE');
    const tree = opts.tree ?? paths[0] ?? (await defaultTree(cache, log));
    return (await import('./validate-boot.js')).validateBootCommand(tree, opts, io, cache, log);
  }
  // `validate --compile TREE --against REV` / `--patch FILE`: a lone tree root is the tree, not a path to rewrite
  let rewritePaths = paths;
  let tree = opts.tree;
  if (!tree && paths.length === 1 && (opts.patch !== undefined || opts.against !== undefined) && findKernelTree(paths[0]!)?.root === path.resolve(paths[0]!)) {
    tree = path.resolve(paths[0]!);
    rewritePaths = [];
  }
  const sources = [rewritePaths.length > 0, opts.patch !== undefined, opts.against !== undefined].filter(Boolean).length;
  if (sources !== 1) throw new UsageError('validate --compile needs exactly one change to check: PATHS to rewrite, --patch FILE, or --against REV');
  if (!tree && rewritePaths.length > 0) tree = findKernelTree(rewritePaths[0]!)?.root;
  tree ??= await defaultTree(cache, log);
  // a path is taken relative to the working directory when it exists there, else to the tree
  const inTree = rewritePaths.map((p) => (existsSync(path.resolve(p)) ? path.resolve(p) : path.resolve(tree, p)));
  return (await import('./validate-compile.js')).validateCompileCommand(path.resolve(tree), inTree, opts, io, cache, log);
}

async function defaultTree(cache: string, log: (line: string) => void): Promise<string> {
  const tree = await ensureKernelSource('6.12', { cacheDir: cache, log });
  log(`tree: Debian's linux-source-6.12 in ${tree}`);
  return tree;
}
