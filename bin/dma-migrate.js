#!/usr/bin/env node
// Owns the process: runs the CLI and sets the exit code. Everything else lives in dist/ (built from src/).
import { main, processIO } from '../dist/cli/index.js';

process.exitCode = await main(process.argv.slice(2), processIO());
