import { defineConfig } from 'vitest/config';

/** Heavy suites run by their own scripts: outage (test:outage), chaos (test:chaos), load (test:load). */
export default defineConfig({
  test: {
    include: ['test/outage/**/*.test.ts', 'test/chaos/**/*.test.ts', 'test/load/**/*.test.ts'],
    testTimeout: 600_000,
    hookTimeout: 300_000,
    pool: 'forks',
    fileParallelism: false,
    env: { TZ: 'UTC', NODE_ENV: 'test' },
  },
});
