import { defineConfig } from 'vitest/config';

// The default suite: everything under test/ except the slow kernel and boot suites.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    exclude: ['test/kernel/**', 'test/e2e/**', 'node_modules/**'],
    testTimeout: 30_000,
    pool: 'forks',
  },
});
