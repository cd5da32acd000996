/**
 * Run an external tool (make, gcc, qemu, apt-get) and collect its output,
 * line by line as it arrives. The one place validation spawns processes.
 * Never goes through a shell: arguments are passed as they are.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';

export interface RunToolOptions {
  readonly env: NodeJS.ProcessEnv;
  readonly cwd?: string;
  /** Called for each line of stdout and stderr (merged, in arrival order). */
  readonly onLine?: (line: string) => void;
  /** Kill the process (SIGKILL) after this long. */
  readonly timeoutMs?: number;
  /** Run under `nice -n 10` when nice exists (heavy builds on a shared machine). */
  readonly nice?: boolean;
  /** Keep at most this many characters of output (the tail). */
  readonly maxOutput?: number;
}

export interface ToolRun {
  readonly command: string;
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly timedOut: boolean;
  /** stdout and stderr merged, in arrival order (the tail when longer than maxOutput). */
  readonly output: string;
  readonly ok: boolean;
}

/** The first executable called `name` on $PATH, or undefined. */
export function findOnPath(name: string, env: NodeJS.ProcessEnv): string | undefined {
  if (name.includes('/')) return existsSync(name) ? name : undefined;
  for (const dir of (env.PATH ?? '/usr/local/bin:/usr/bin:/bin').split(':')) {
    if (!dir) continue;
    const p = path.join(dir, name);
    if (existsSync(p)) return p;
  }
  return undefined;
}

export function runTool(cmd: string, args: readonly string[], opts: RunToolOptions): Promise<ToolRun> {
  const useNice = opts.nice === true && findOnPath('nice', opts.env) !== undefined;
  const argv = useNice ? ['-n', '10', cmd, ...args] : [...args];
  const exe = useNice ? 'nice' : cmd;
  const command = [cmd, ...args].join(' ');
  const max = opts.maxOutput ?? 4 * 1024 * 1024;
  return new Promise((resolve) => {
    let output = '';
    let pending = '';
    let timedOut = false;
    const child = spawn(exe, argv, { cwd: opts.cwd, env: opts.env, stdio: ['ignore', 'pipe', 'pipe'] });
    const timer = opts.timeoutMs
      ? setTimeout(() => {
          timedOut = true;
          child.kill('SIGKILL');
        }, opts.timeoutMs)
      : undefined;
    const take = (chunk: Buffer) => {
      const s = chunk.toString('utf8');
      output += s;
      if (output.length > max * 2) output = output.slice(-max);
      if (!opts.onLine) return;
      pending += s;
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const l of lines) opts.onLine(l.replace(/\r$/, ''));
    };
    child.stdout.on('data', take);
    child.stderr.on('data', take);
    const finish = (code: number | null, signal: NodeJS.Signals | null, extra = '') => {
      if (timer) clearTimeout(timer);
      if (pending && opts.onLine) opts.onLine(pending);
      const out = (output + extra).slice(-max);
      resolve({ command, code, signal, timedOut, output: out, ok: code === 0 && !timedOut });
    };
    child.on('error', (err) => finish(null, null, `\n${cmd}: ${err.message}\n`));
    child.on('close', (code, signal) => finish(code, signal));
  });
}
