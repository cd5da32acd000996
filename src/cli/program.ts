/**
 * The command line: commander declarations only; each command is a function over typed options.
 * A command's module is imported in its action, so `--version`, `--help` and a one-file `check`
 * load only what they run (not the whole engine, tree-sitter and every rule's queries).
 */
import { Command, CommanderError } from 'commander';
import type { ExitCode } from '../core/exit-codes.js';
import { helpAfter } from './help.js';
import type { CliIO } from './io.js';
import { EXCLUDE_HELP, HEADERS_HELP, NO_CACHE_HELP, POLICY_HELP, collect } from './options.js';
import type { RunCommandOptions } from './commands/run-command.js';
import type { ExplainCommandOptions } from './commands/explain.js';
import { registerSubmissionCommands } from './commands/register-submission.js';
import { declareValidateOptions, type ValidateCommandOptions } from './commands/validate.js';
import { addKernelValidateOptions, type KernelValidateOptions } from './commands/validate-kernel.js';

export function buildProgram(io: CliIO, setExit: (code: ExitCode) => void): Command {
  const program = new Command();
  program
    .name('dma-migrate')
    .description('Migrate Linux kernel C from struct-page DMA and kmap APIs to the phys-based ones, and prove each change safe.')
    .version('0.1.0')
    .addHelpText('after', helpAfter(''))
    // A usage error is one line and a pointer to the help, not the whole help.
    .showHelpAfterError('(add --help for usage and examples)')
    .configureOutput({ writeOut: (s) => io.stdout.write(s), writeErr: (s) => io.stderr.write(s) })
    .exitOverride();

  const common = (cmd: Command, name: 'scan' | 'rewrite') =>
    cmd
      .argument('<paths...>', 'files or directories (a kernel tree or part of one)')
      .option('--json', 'print a JSON report on stdout (never colored)')
      .option('-r, --rule <id>', 'only these rules (repeat or comma-separate)', collect)
      .option('--target-version <X.Y>', 'rewrite for this kernel release instead of the tree\'s own headers (e.g. 6.18)')
      .option('--root <dir>', 'report and diff paths relative to this directory (default: the kernel tree root)')
      .option('--no-prefilter', 'parse every file, not only those containing an API identifier (slow; for testing)')
      .option('--no-verify', 'do not check the rewrites with the behaviour model (show what the rules alone produce)')
      .option('-j, --jobs <n>', 'parallel jobs: worker threads for parsing (default: one per core; 1 = none)')
      .option('--policy <name>', POLICY_HELP)
      .option('--include-headers', HEADERS_HELP)
      .option('--exclude <glob>', EXCLUDE_HELP, collect)
      .option('--no-gitignore', 'in a git work tree, also process files git ignores')
      .option('-q, --quiet', 'print only the main output (the site list, diff or JSON): no per-site notes, summary or progress')
      .option('--summary', 'print only the summary table (no site list, no diff)')
      .option('--no-cache', NO_CACHE_HELP)
      .option('-v, --verbose', 'also say on stderr what the result cache did (files replayed, processed and stored)')
      .addHelpText('after', helpAfter(name));

  common(program.command('scan').description('list every site of the migrated APIs with its status (convert, review, skip) and reason'), 'scan')
    .option('--stats', 'account for every whole-word occurrence of the API names (what grep -w finds) and report parse health')
    .action(
    async (paths: string[], opts: RunCommandOptions) => setExit(await (await import('./commands/run-command.js')).runCommand('scan', paths, opts, io)),
  );
  common(program.command('rewrite').description('print a unified diff of the rewrite (or apply it with --write); sites left alone are listed on stderr'), 'rewrite')
    .option('-w, --write', 'rewrite files in place (atomically; refuses files changed since read)')
    .option('--lines <list>', 'only the sites on these lines (e.g. 120,134-140; what `check` suggests); print the diff, for `git apply`')
    .action(async (paths: string[], opts: RunCommandOptions) => setExit(await (await import('./commands/run-command.js')).runCommand('rewrite', paths, opts, io)));
  // One command, three modes: the behaviour model (default), --compile and --boot on a real kernel.
  addKernelValidateOptions(
    declareValidateOptions(
      program
        .command('validate')
        .description(
          'judge a change: with the behaviour model (the git working tree against a revision, or OLD.c NEW.c); ' +
            'with --compile by building the touched objects before/after; with --boot by running rewritten code under QEMU',
        ),
    ),
  )
    .addHelpText('after', helpAfter('validate'))
    .action(async (paths: string[], opts: ValidateCommandOptions & KernelValidateOptions) => {
      const kernel = await (await import('./commands/validate-kernel.js')).runKernelValidate(paths, opts, io);
      setExit(kernel ?? (await (await import('./commands/validate.js')).validateCommand(paths, opts, io)));
    });
  program
    .command('explain')
    .description('why a site got its status: the decision, its reason, each stage\'s decision in order, and the source lines behind it')
    .argument('<file:line>', 'a source file and the line of a site (as scan prints it)')
    .option('-r, --rule <id>', 'only these rules (repeat or comma-separate)', collect)
    .option('--target-version <X.Y>', 'rewrite for this kernel release instead of the tree\'s own headers (e.g. 6.18)')
    .option('--no-verify', 'do not check the rewrites with the behaviour model')
    .option('--policy <name>', POLICY_HELP)
    .option('--include-headers', HEADERS_HELP)
    .action(async (location: string, opts: ExplainCommandOptions) => setExit(await (await import('./commands/explain.js')).explainCommand(location, opts, io)));
  program
    .command('rules')
    .description('list the rules with a one-line summary')
    .option('--json', 'as JSON')
    .addHelpText('after', helpAfter('rules'))
    .action(async (opts: { json?: boolean }) => setExit((await import('./commands/rules.js')).rulesCommand(opts, io)));
  registerSubmissionCommands(program, io, setExit);
  return program;
}

export { CommanderError };
