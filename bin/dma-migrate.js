#!/usr/bin/env node
// Owns the process: runs the CLI and sets the exit code. Everything else lives in dist/ (built from src/).
import { main, processIO } from '../dist/cli/index.js';

// A reader that stops early (`dma-migrate rewrite ... | head`) is not an error.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (err) => {
    if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw err;
  });
}

process.exitCode = await main(process.argv.slice(2), processIO());
