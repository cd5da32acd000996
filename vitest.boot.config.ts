import { defineConfig } from 'vitest/config';
import { scratchTmpdir } from './test/harness/scratch-tmpdir.js';

// `npm run test:boot`: validation on a real kernel (kernel builds, QEMU boots).
// Slow (a cold run builds kernels: minutes), so never part of `npm test`.
// Files run one after another: both suites keep the CPU busy.
export default defineConfig({
  test: {
    include: ['test/e2e/**/*.test.ts'],
    testTimeout: 60 * 60 * 1000,
    hookTimeout: 60 * 60 * 1000,
    pool: 'forks',
    globalSetup: ['test/harness/scratch-tmpdir.ts'],
    env: { TMPDIR: scratchTmpdir() },
    fileParallelism: false,
  },
});
