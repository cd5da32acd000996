/** Commander declarations of `series`, `check` and `hook` (kept out of program.ts so it stays a list); each action imports its command. */
import type { Command } from 'commander';
import type { ExitCode } from '../../core/exit-codes.js';
import { helpAfter } from '../help.js';
import type { CliIO } from '../io.js';
import { EXCLUDE_HELP, NO_CACHE_HELP, POLICY_HELP, collect } from '../options.js';
import type { CheckCommandOptions } from './check.js';
import type { HookCommandOptions } from './hook.js';
import type { SeriesCommandOptions } from './series.js';

export function registerSubmissionCommands(program: Command, io: CliIO, setExit: (code: ExitCode) => void): void {
  program
    .command('series')
    .description('write the rewrite of a kernel tree as a patch series (one patch per driver directory, every rule\'s changes to it together) with a cover letter')
    .argument('<tree>', 'the kernel tree: a git work tree (the series applies on its HEAD) or a plain source tree such as an unpacked tarball (a scratch repository holds the base)')
    .argument('[paths...]', 'only these paths inside the tree (default: all of it)')
    .requiredOption('-o, --output <dir>', 'write the patches here (created if missing)')
    .option('--group <by>', 'one patch per driver "dir" (never spanning MAINTAINERS sections) or per "maintainers" section', 'dir')
    .option('-r, --rule <id>', 'only these rules (repeat or comma-separate)', collect)
    .option('--target-version <X.Y>', 'rewrite for this kernel release instead of the tree\'s own headers (e.g. 6.18)')
    .option('--policy <name>', POLICY_HELP)
    .option('--exclude <glob>', EXCLUDE_HELP.replace('the root', 'the tree'), collect)
    .option('--allow-unbuildable', 'write patches that use an API the base tree lacks (--target-version past it); the cover letter says so')
    .option('--check', 'run the tree\'s scripts/checkpatch.pl (the tree\'s own Perl code) on every patch and report what each adds')
    .option('--maintainers <source>', 'recipients from "builtin" (parse the tree\'s MAINTAINERS file; runs nothing) or "tree" (run the tree\'s scripts/get_maintainer.pl, its own Perl code)', 'builtin')
    .option('--subject-prefix <text>', 'format-patch subject prefix (e.g. "PATCH net-next")', 'PATCH')
    .option('--prefix-map <file>', 'subject prefixes per path, one "PATH PREFIX" a line (e.g. "drivers/net/ethernet/intel/ice/ ice:"); overrides git history and the built-in table')
    .option('--force', 'replace patch files already in the output directory')
    .option('--json', 'print the series as JSON')
    .option('--no-cache', NO_CACHE_HELP)
    .addHelpText('after', helpAfter('series'))
    .action(async (tree: string, paths: string[], opts: SeriesCommandOptions) => setExit(await (await import('./series.js')).seriesCommand(tree, paths, opts, io)));
  program
    .command('check')
    .description('pre-submit check: report new uses of the old APIs on the lines a change adds (default: the staged change)')
    .argument('[rev-range]', 'check the lines this revision range adds (e.g. origin/master..HEAD)')
    .option('--staged', 'check the staged change (the default)')
    .option('--stdin-diff', 'check a unified diff read from standard input')
    .option('--format <format>', 'text, json or sarif (SARIF 2.1.0)', 'text')
    .option('-r, --rule <id>', 'only these rules (repeat or comma-separate)', collect)
    .option('--target-version <X.Y>', 'judge for this kernel release instead of the tree\'s own headers (e.g. 6.18)')
    .option('--policy <name>', POLICY_HELP)
    .option('-C, --repo <dir>', 'the repository (default: the current directory)')
    .option('--exclude <glob>', EXCLUDE_HELP.replace('the root', 'the repository top (or the directory a --stdin-diff applies to)'), collect)
    .option('--no-cache', NO_CACHE_HELP)
    .option('-j, --jobs <n>', 'worker threads for a large change (default: one per core once its C files to parse reach 1 MiB; 1 = none)')
    .option('--max-findings <n>', 'judge no further file once this many failing findings are reported (default 1000; 0: no limit)')
    .addHelpText('after', helpAfter('check'))
    .action(async (range: string | undefined, opts: CheckCommandOptions) => setExit(await (await import('./check.js')).checkCommand(range, opts, io)));

  program
    .command('hook')
    .description('install or uninstall a git pre-commit hook running `dma-migrate check --staged` (an existing hook is chained, not replaced)')
    .argument('<action>', 'install or uninstall')
    .option('-C, --repo <dir>', 'the repository (default: the current directory)')
    .option('-r, --rule <id>', '(install) only these rules in the hook\'s check', collect)
    .option('--target-version <X.Y>', '(install) the hook\'s check judges for this kernel release')
    .option('--policy <name>', '(install) the hook\'s check uses this DMA call-site policy (upstream or all)')
    .option('--exclude <glob>', '(install) the hook\'s check leaves changed files matching this out (repeat for more)', collect)
    .addHelpText('after', helpAfter('hook'))
    .action(async (action: string, opts: HookCommandOptions) => setExit((await import('./hook.js')).hookCommand(action, opts, io, process.execPath)));
}
