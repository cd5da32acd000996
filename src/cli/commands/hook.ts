/** `dma-migrate hook install|uninstall`: the git pre-commit hook running `check --staged`. */
import { fileURLToPath } from 'node:url';
import { EXIT, type ExitCode } from '../../core/exit-codes.js';
import { UsageError } from '../../core/errors.js';
import { openRepository } from '../../deliver/git/repo.js';
import { installHook, uninstallHook } from '../../deliver/hook/pre-commit-hook.js';
import type { CliIO } from '../io.js';
import { parsePolicy, parseTargetVersion } from '../options.js';

export interface HookCommandOptions {
  readonly repo?: string;
  readonly rule?: string[];
  readonly targetVersion?: string;
  readonly exclude?: string[];
  readonly policy?: string;
}

const BIN = fileURLToPath(new URL('../../../bin/dma-migrate.js', import.meta.url));

export function hookCommand(action: string, opts: HookCommandOptions, io: CliIO, execPath: string): ExitCode {
  const repo = openRepository(opts.repo ?? io.cwd ?? '.', io.env);
  if (action === 'install') {
    // Reject a bad value now, not at the first commit.
    parseTargetVersion(opts.targetVersion);
    if (opts.policy !== undefined) parsePolicy(opts.policy);
    const command = [
      execPath,
      BIN,
      'check',
      '--staged',
      ...(opts.targetVersion ? ['--target-version', opts.targetVersion] : []),
      ...(opts.policy !== undefined ? ['--policy', opts.policy] : []),
      ...(opts.rule ?? []).flatMap((r) => ['--rule', r]),
      ...(opts.exclude ?? []).flatMap((g) => ['--exclude', g]),
    ];
    const r = installHook(repo.git, command);
    io.stdout.write(`${r.action} ${r.hook}${r.chained ? `; the existing hook runs first, from ${r.chained}` : ''}\n`);
    return EXIT.ok;
  }
  if (action === 'uninstall') {
    const r = uninstallHook(repo.git);
    io.stdout.write(r.action === 'not-installed' ? `no pre-commit hook at ${r.hook}\n` : `removed ${r.hook}${r.restored ? '; the earlier hook is back in place' : ''}\n`);
    return EXIT.ok;
  }
  throw new UsageError(`hook: unknown action "${action}" (install or uninstall)`);
}
