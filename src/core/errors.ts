/**
 * Error classes. Each carries the process exit code the CLI maps it to; only
 * src/cli turns them into an exit status. Wrap causes with `{ cause }`.
 */
import { EXIT } from './exit-codes.js';

export class DmaMigrateError extends Error {
  readonly exitCode: number = EXIT.internal;
  readonly hint: string | undefined;
  constructor(message: string, options?: { cause?: unknown; hint?: string }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.hint = options?.hint;
  }
}

/** Bad command line or configuration. */
export class UsageError extends DmaMigrateError {
  override readonly exitCode: number = EXIT.usage;
}

/** A rule's query does not compile, its captures disagree with its metadata, or ids collide. */
export class RuleLoadError extends DmaMigrateError {
  override readonly exitCode: number = EXIT.usage;
}

/** The tree or an output could not be read or written. */
export class SourceAccessError extends DmaMigrateError {
  override readonly exitCode: number = EXIT.io;
}

/** A rewrite failed verification (behaviour model or re-parse). */
export class VerificationError extends DmaMigrateError {
  override readonly exitCode: number = EXIT.verification;
}

/** A broken invariant: a bug in dma-migrate. */
export class InternalError extends DmaMigrateError {
  override readonly exitCode: number = EXIT.internal;
  constructor(message: string, options?: { cause?: unknown }) {
    super(`${message}\nThis is a bug in dma-migrate; please report it with the input that triggered it.`, options);
  }
}

/** Narrow an unknown caught value to a message, keeping Error messages. */
export function describeError(err: unknown): string {
  if (err instanceof Error) return err.message;
  return String(err);
}
