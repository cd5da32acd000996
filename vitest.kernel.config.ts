import { defineConfig } from 'vitest/config';

// The slow suite on real kernel trees (`npm run test:kernel`): Debian's linux-source packages, installed when missing.
export default defineConfig({
  test: {
    include: ['test/kernel/**/*.test.ts'],
    testTimeout: 30 * 60 * 1000,
    hookTimeout: 30 * 60 * 1000,
    pool: 'forks',
  },
});
