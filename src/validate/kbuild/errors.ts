/** Errors of kernel builds run for validation (not the rewrite's fault: the environment or the tree). */
import { DmaMigrateError } from '../../core/errors.js';
import { EXIT } from '../../core/exit-codes.js';

/** A kernel configure/build step or a host tool failed; `log` is the tail of its output. */
export class KernelBuildError extends DmaMigrateError {
  override readonly exitCode: number = EXIT.usage;
  readonly log: string;
  constructor(message: string, opts: { log?: string; hint?: string; cause?: unknown } = {}) {
    super(message, { ...(opts.hint ? { hint: opts.hint } : {}), ...(opts.cause ? { cause: opts.cause } : {}) });
    this.log = opts.log ?? '';
  }
}

/** The last lines of a build log, for an error message. */
export function logTail(log: string, lines = 15): string {
  return log.trimEnd().split('\n').slice(-lines).join('\n');
}
