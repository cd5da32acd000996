import { defineConfig } from 'vitest/config';
import { scratchTmpdir } from './test/harness/scratch-tmpdir.js';

// The default suite: everything under test/ except the slow kernel and boot suites.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    exclude: ['test/kernel/**', 'test/e2e/**', 'node_modules/**'],
    testTimeout: 30_000,
    pool: 'forks',
    globalSetup: ['test/harness/scratch-tmpdir.ts'],
    env: { TMPDIR: scratchTmpdir() },
  },
});
