import { Interrupts } from './interrupt.js';

/** The process-facing surface the CLI uses, passed in so tests can capture it. */
export interface CliIO {
  readonly stdout: { write(chunk: string | Uint8Array): unknown; isTTY?: boolean };
  readonly stderr: { write(chunk: string | Uint8Array): unknown; isTTY?: boolean };
  readonly env: NodeJS.ProcessEnv;
  readonly pid: number;
  /** Standard input, for commands that read a diff from it. */
  readonly stdin?: AsyncIterable<string | Buffer>;
  /** The working directory commands resolve relative paths against (default: the process's). */
  readonly cwd?: string;
  /** SIGINT/SIGTERM as the process owner delivers them (absent: signals are not handled by the command). */
  readonly interrupts?: Interrupts;
}

/** The process's one interrupt state: bin/ delivers SIGINT and SIGTERM to it. */
export const processInterrupts = new Interrupts();

export function processIO(): CliIO {
  return { stdout: process.stdout, stderr: process.stderr, env: process.env, pid: process.pid, stdin: process.stdin, cwd: process.cwd(), interrupts: processInterrupts };
}
