/**
 * Entry point: parse argv, run the command, map errors to exit codes.
 * Returns the code; only bin/ sets process.exitCode.
 */
import { EXIT, type ExitCode } from '../core/exit-codes.js';
import { DmaMigrateError, InternalError } from '../core/errors.js';
import type { CliIO } from './io.js';
import { CommanderError, buildProgram } from './program.js';

export async function main(argv: readonly string[], io: CliIO): Promise<ExitCode> {
  let code: ExitCode = EXIT.ok;
  const program = buildProgram(io, (c) => {
    code = c;
  });
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return code;
  } catch (err) {
    if (err instanceof CommanderError) {
      // --help and --version exit 0; everything else commander rejects is a usage error.
      return err.exitCode === 0 ? EXIT.ok : EXIT.usage;
    }
    if (err instanceof DmaMigrateError) {
      // A usage error is one line, and a pointer to the command's help when there is no better hint.
      const command = argv[0] !== undefined && !argv[0].startsWith('-') ? `${argv[0]} ` : '';
      const hint = err.hint ?? (err.exitCode === EXIT.usage ? `see \`dma-migrate ${command}--help\`` : undefined);
      io.stderr.write(`dma-migrate: ${err.message}\n${hint ? `hint: ${hint}\n` : ''}`);
      return err.exitCode as ExitCode;
    }
    return unexpected(err, io);
  }
}

/**
 * An error no layer turned into a DmaMigrateError. A system error (errno
 * code and syscall: ENOSPC, EIO, EACCES...) is I/O (exit 4); anything else is
 * a bug (exit 70). Either way one line; DMA_MIGRATE_DEBUG=1 adds the stack.
 */
function unexpected(err: unknown, io: CliIO): ExitCode {
  const e = err as NodeJS.ErrnoException;
  const debug = io.env.DMA_MIGRATE_DEBUG ? `${e instanceof Error ? (e.stack ?? '') : ''}\n` : '';
  if (e instanceof Error && typeof e.code === 'string' && /^E[A-Z]+$/.test(e.code) && typeof e.syscall === 'string') {
    io.stderr.write(`dma-migrate: I/O error: ${e.message.split('\n')[0]}\n${debug}`);
    return EXIT.io;
  }
  const first = (e instanceof Error ? `${e.name}: ${e.message}` : String(err)).split('\n')[0] ?? '';
  const internal = new InternalError(first, { cause: err });
  io.stderr.write(`dma-migrate: internal error: ${internal.message.replace(/\n/g, ' ')}\n${debug}`);
  return EXIT.internal;
}
