import { defineConfig } from 'vitest/config';
import { scratchTmpdir } from './test/harness/scratch-tmpdir.js';

// `npm run test:kernel`: the whole Debian linux-source-7.3, 6.12 and 6.1 trees (installed and
// unpacked into the cache when missing). Slow; not part of `npm test`.
export default defineConfig({
  test: {
    include: ['test/kernel/**/*.test.ts'],
    testTimeout: 30 * 60_000,
    hookTimeout: 30 * 60_000,
    pool: 'forks',
    globalSetup: ['test/harness/scratch-tmpdir.ts'],
    env: { TMPDIR: scratchTmpdir() },
    fileParallelism: false,
  },
});
