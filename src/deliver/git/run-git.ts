/**
 * Run git as a child process, never through a shell. Every call pins the
 * settings that would change what we parse (colors, path quoting, diff
 * prefixes), so a user's configuration cannot. The environment is passed in
 * (from the CLI), never read from the process here.
 */
import { spawnSync } from 'node:child_process';
import { SourceAccessError } from '../../core/errors.js';

export interface GitCallOptions {
  readonly input?: string | Buffer;
  /** Variables added to the base environment for this call. */
  readonly env?: Readonly<Record<string, string>>;
  /** Exit codes that are not errors (default: 0 only). */
  readonly okCodes?: readonly number[];
  /** Run in this directory instead of the repository's. */
  readonly cwd?: string;
}

export interface GitResult {
  readonly code: number;
  readonly stdout: Buffer;
  readonly stderr: string;
}

const PINNED = ['-c', 'core.quotePath=true', '-c', 'color.ui=false', '-c', 'diff.noprefix=false', '-c', 'diff.mnemonicPrefix=false', '-c', 'diff.external='];

/** A git repository (or a directory inside one) and the environment git runs with. */
export class Git {
  constructor(
    readonly cwd: string,
    private readonly baseEnv: NodeJS.ProcessEnv,
  ) {}

  run(args: readonly string[], opts: GitCallOptions = {}): GitResult {
    const r = spawnSync('git', [...PINNED, ...args], {
      cwd: opts.cwd ?? this.cwd,
      input: opts.input,
      env: { ...this.baseEnv, GIT_TERMINAL_PROMPT: '0', LC_ALL: 'C', ...opts.env },
      maxBuffer: 1024 * 1024 * 1024,
    });
    if (r.error) throw new SourceAccessError(`cannot run git: ${r.error.message}`, { cause: r.error, hint: 'install git' });
    const code = r.status ?? 128;
    const result = { code, stdout: r.stdout, stderr: r.stderr.toString('utf8') };
    if (!(opts.okCodes ?? [0]).includes(code)) {
      const detail = result.stderr.trim().split('\n').slice(-3).join(' / ');
      throw new SourceAccessError(`git ${args.filter((a) => !a.startsWith('-')).slice(0, 2).join(' ')} failed (exit ${code}) in ${opts.cwd ?? this.cwd}: ${detail}`);
    }
    return result;
  }

  /** stdout as UTF-8 text. */
  text(args: readonly string[], opts: GitCallOptions = {}): string {
    return this.run(args, opts).stdout.toString('utf8');
  }

  /** A Git for another directory with the same environment. */
  at(cwd: string): Git {
    return new Git(cwd, this.baseEnv);
  }

  /** The same repository with extra environment on every call (temporary index, object directory). */
  withEnv(extra: Readonly<Record<string, string>>): Git {
    return new Git(this.cwd, { ...this.baseEnv, ...extra });
  }

  /** The environment a child tool (perl scripts) should run with. */
  get env(): NodeJS.ProcessEnv {
    return this.baseEnv;
  }
}
