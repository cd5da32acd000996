/**
 * The one way dma-migrate runs git: as a child process, never through a
 * shell, with the environment passed in (from the CLI), never read from the
 * process here.
 *
 * A repository we are pointed at is untrusted input: its own config
 * (`.git/config`, included files) and `.gitattributes` can name programs git
 * would run. Every call therefore neutralises each setting that runs code
 * (`core.fsmonitor`, hooks, `diff.external` and diff drivers' `command`,
 * `textconv`, clean/smudge/process filters, pager, editor, ssh, askpass,
 * credential helpers, GPG, auto-gc/maintenance) and pins the settings that
 * would change what we parse (colors, path quoting, diff prefixes).
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
  /**
   * Keep the repository's core.hooksPath (for `hook install`, which must find
   * where git looks for hooks; only for commands that run no hook).
   */
  readonly keepHooksPath?: boolean;
}

export interface GitResult {
  readonly code: number;
  readonly stdout: Buffer;
  readonly stderr: string;
}

/** Settings that would change what we parse. */
const PINNED = ['core.quotePath=true', 'color.ui=false', 'diff.noprefix=false', 'diff.mnemonicPrefix=false', 'diff.relative=false'];

const HOOKS_OFF = 'core.hooksPath=/dev/null';

/** Settings that run a program, each set to "do not". */
const NEUTRALISED = [
  'core.fsmonitor=false',
  HOOKS_OFF,
  'core.untrackedCache=false',
  'diff.external=',
  'core.pager=cat',
  'core.editor=:',
  'sequence.editor=:',
  'core.sshCommand=',
  'core.gitProxy=',
  'core.askPass=',
  'credential.helper=',
  'core.alternateRefsCommand=',
  'commit.gpgSign=false',
  'tag.gpgSign=false',
  'log.showSignature=false',
  'gc.auto=0',
  'maintenance.auto=false',
  'submodule.recurse=false',
  'protocol.allow=never',
];

/** Diff-producing commands, which also get --no-ext-diff --no-textconv. */
const DIFF_COMMANDS = new Set(['diff', 'log', 'show', 'format-patch', 'diff-tree', 'diff-index', 'diff-files']);

/** Per-driver keys that name a program; the driver names come from the repository's config. */
const DRIVER_KEY = /^(filter\..+\.(clean|smudge|process)|diff\..+\.(command|textconv)|merge\..+\.driver)$/i;

/** Variables of the caller's environment that would make git run a program or read elsewhere. */
const DROPPED_ENV = ['GIT_EXTERNAL_DIFF', 'GIT_PAGER', 'GIT_EDITOR', 'GIT_SEQUENCE_EDITOR', 'GIT_SSH', 'GIT_SSH_COMMAND', 'GIT_ASKPASS', 'GIT_PROXY_COMMAND'];

/** The `-c` arguments every git call starts with (before the repository's own driver names). */
export const GIT_SAFETY_ARGS: readonly string[] = [...PINNED, ...NEUTRALISED].flatMap((kv) => ['-c', kv]);

/** A git repository (or a directory inside one) and the environment git runs with. */
export class Git {
  private driverOverrides: string[] | undefined;

  constructor(
    readonly cwd: string,
    private readonly baseEnv: NodeJS.ProcessEnv,
  ) {}

  run(args: readonly string[], opts: GitCallOptions = {}): GitResult {
    const [command, ...rest] = args;
    const diffArgs = command !== undefined && DIFF_COMMANDS.has(command) ? ['--no-ext-diff', '--no-textconv'] : [];
    const safety = opts.keepHooksPath ? GIT_SAFETY_ARGS.filter((a, i, all) => a !== HOOKS_OFF && all[i + 1] !== HOOKS_OFF) : GIT_SAFETY_ARGS;
    const full = [...safety, ...this.drivers(opts.cwd), ...(command !== undefined ? [command] : []), ...diffArgs, ...rest];
    const r = this.spawn(full, opts);
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

  private spawn(args: readonly string[], opts: GitCallOptions) {
    const env: NodeJS.ProcessEnv = { ...this.baseEnv, GIT_TERMINAL_PROMPT: '0', LC_ALL: 'C', ...opts.env };
    for (const k of DROPPED_ENV) delete env[k];
    const r = spawnSync('git', args, { cwd: opts.cwd ?? this.cwd, input: opts.input, env, maxBuffer: 1024 * 1024 * 1024 });
    if (r.error) throw new SourceAccessError(`cannot run git: ${r.error.message}`, { cause: r.error, hint: 'install git' });
    return r;
  }

  /**
   * `-c <driver key>=` for every filter, diff and merge driver the
   * repository's configuration defines: git would run them for paths its
   * attributes name. Read once (`git config` reads no index and runs nothing).
   */
  private drivers(cwd: string | undefined): string[] {
    if (cwd !== undefined && cwd !== this.cwd) return this.at(cwd).drivers(undefined);
    if (this.driverOverrides) return this.driverOverrides;
    const r = this.spawn([...GIT_SAFETY_ARGS, 'config', '-z', '--name-only', '--get-regexp', '^(filter|diff|merge)\\.'], {});
    const names = r.status === 0 ? r.stdout.toString('utf8').split('\0').filter((n) => DRIVER_KEY.test(n)) : [];
    this.driverOverrides = [...new Set(names)].flatMap((n) => ['-c', `${n}=`]);
    return this.driverOverrides;
  }
}
