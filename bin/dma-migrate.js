#!/usr/bin/env node
// Owns the process: runs the CLI and sets the exit code. Everything else lives in dist/ (built from src/).
import { writeSync } from 'node:fs';
import module from 'node:module';

// Node 22.1+ keeps the compiled code of dist/ in its compile cache (in the temporary directory), so
// start-up (a one-file `check` from a pre-commit hook) skips compiling the engine again; older Node
// has no such cache and this is a no-op. dist/ is imported after it, for the cache to cover it.
module.enableCompileCache?.();
const { main, processIO } = await import('../dist/cli/index.js');

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

// SIGINT/SIGTERM: handled on the event loop, so a write phase (synchronous: temporary file, fsync,
// rename per file) always finishes first; no torn file or temporary file is left. Exit 130/143.
for (const [signal, code] of [
  ['SIGINT', 130],
  ['SIGTERM', 143],
]) {
  process.on(signal, () => {
    try {
      writeSync(2, `dma-migrate: interrupted (${signal}); files already written stay written\n`);
    } catch {
      // standard error is gone: the exit status says it
    }
    process.exit(code);
  });
}

process.exitCode = await main(process.argv.slice(2), processIO());
