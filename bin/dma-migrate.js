#!/usr/bin/env node
// Owns the process: runs the CLI and sets the exit code. Everything else lives in dist/ (built from src/).
import { writeSync } from 'node:fs';
import module from 'node:module';

// Node 22.1+ keeps the compiled code of dist/ in its compile cache (in the temporary directory), so
// start-up (a one-file `check` from a pre-commit hook) skips compiling the engine again; older Node
// has no such cache and this is a no-op. dist/ is imported after it, for the cache to cover it.
module.enableCompileCache?.();
const { main, processIO, processInterrupts } = await import('../dist/cli/index.js');

// A reader that stops early (`dma-migrate rewrite ... | head`) is a normal end, not an error.
// Any other failure to write the output (ENOSPC on /dev/full, EIO) is an I/O error: one line, exit 4.
for (const [stream, name] of [
  [process.stdout, 'standard output'],
  [process.stderr, 'standard error'],
]) {
  stream.on('error', (err) => {
    if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    if (stream !== process.stderr) {
      try {
        writeSync(2, `dma-migrate: cannot write to ${name}: ${err.code ?? err.message}\n`);
      } catch {
        // standard error is gone too: the exit status says it
      }
    }
    process.exit(4);
  });
}

// SIGINT/SIGTERM (src/cli/interrupt.ts): while files are being written the command stops on a file
// boundary and says what was and was not written; otherwise the process exits now, 130/143.
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    const d = processInterrupts.deliver(signal);
    if (d.deferred) return;
    try {
      writeSync(2, d.message);
    } catch {
      // standard error is gone: the exit status says it
    }
    process.exit(d.code);
  });
}

process.exitCode = await main(process.argv.slice(2), processIO());
