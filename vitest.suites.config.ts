import { defineConfig } from 'vitest/config';

/** Heavy suites run by their own scripts: outage (test:outage), chaos (test:chaos), load (test:load). */
export default defineConfig({
  test: {
    include: ['test/outage/**/*.test.ts', 'test/chaos/**/*.test.ts', 'test/load/**/*.test.ts'],
    testTimeout: 600_000,
    hookTimeout: 300_000,
    pool: 'forks',
    fileParallelism: false,
    // Only loopback is reachable, as in the unit suite (test/setup/loopback-only.ts).
    setupFiles: ['test/setup/loopback-only.ts'],
    env: { TZ: 'UTC', NODE_ENV: 'test' },
  },
});
