/**
 * SIGINT and SIGTERM. The process owner (bin/) hands each signal to
 * `deliver`; what happens depends on the phase of the running command:
 *
 * - `idle` (reading, printing, commands that write nothing): the process
 *   exits at once, 130 for SIGINT, 143 for SIGTERM.
 * - `processing` (files are being read and judged, in workers or on this
 *   thread; nothing has been written yet): it exits at once too, which stops
 *   the workers, and says that nothing was written.
 * - `writing` (files are being written in place, or a series is being
 *   written): the signal is recorded and the command stops at the next file
 *   boundary (each file is written whole: temporary file, fsync, rename),
 *   then prints which files were and were not written and returns 130/143.
 */
import { EXIT, type ExitCode } from '../core/exit-codes.js';

export type StopSignal = 'SIGINT' | 'SIGTERM';

/** The shell convention, 128 + signal number (README, exit codes). */
export const SIGNAL_EXIT: Readonly<Record<StopSignal, ExitCode>> = { SIGINT: EXIT.interrupted, SIGTERM: EXIT.terminated };

export type InterruptPhase = 'idle' | 'processing' | 'writing';

export interface Delivery {
  /** The command stops by itself (writing phase): the process must not exit now. */
  readonly deferred: boolean;
  /** When not deferred: the line to print before exiting, and the exit code. */
  readonly message: string;
  readonly code: ExitCode;
}

export class Interrupts {
  private phase: InterruptPhase = 'idle';
  private first?: StopSignal;
  private readonly waiters: ((s: StopSignal) => void)[] = [];

  /** The first signal received, if any. */
  get received(): StopSignal | undefined {
    return this.first;
  }

  enter(phase: InterruptPhase): void {
    this.phase = phase;
  }

  deliver(signal: StopSignal): Delivery {
    this.first ??= signal;
    for (const w of this.waiters.splice(0)) w(signal);
    const code = SIGNAL_EXIT[signal];
    if (this.phase === 'writing') return { deferred: true, message: '', code };
    if (this.phase === 'processing') return { deferred: false, message: `dma-migrate: interrupted (${signal}) before writing anything: nothing was written\n`, code };
    return { deferred: false, message: `dma-migrate: interrupted (${signal}); files already written stay written\n`, code };
  }

  /** Resolves on the first signal (at once if one came already). */
  wait(): Promise<StopSignal> {
    if (this.first) return Promise.resolve(this.first);
    return new Promise((resolve) => this.waiters.push(resolve));
  }
}

/**
 * Tests only: `DMA_MIGRATE_TEST_PAUSE=processing` holds a writing run at the
 * end of processing, `write:N` after N files are written, until a signal
 * arrives; a line on stderr says it is holding. This gives a test a fixed
 * point to send a signal at, with no timing.
 */
export async function testPause(io: { env: NodeJS.ProcessEnv; stderr: { write(s: string): unknown } }, interrupts: Interrupts | undefined, point: 'processing' | `write:${number}`): Promise<void> {
  if (!interrupts || io.env.DMA_MIGRATE_TEST_PAUSE !== point) return;
  io.stderr.write(`dma-migrate: test pause at ${point}\n`);
  // A signal listener does not keep the event loop alive: a timer does, while holding.
  const alive = setInterval(() => undefined, 60_000);
  try {
    await interrupts.wait();
  } finally {
    clearInterval(alive);
  }
}

/** The signal received, after one turn of the event loop (a signal is handled only when it turns). */
export async function pendingSignal(interrupts: Interrupts): Promise<StopSignal | undefined> {
  await new Promise((resolve) => setImmediate(resolve));
  return interrupts.received;
}
