import { defineConfig } from 'vitest/config';

/** Browser tests: real Chromium (Debian's /usr/bin/chromium) driven by playwright-core. */
export default defineConfig({
  test: {
    include: ['test/browser/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    fileParallelism: false,
    // Only loopback is reachable, as in the unit suite (test/setup/loopback-only.ts).
    setupFiles: ['test/setup/loopback-only.ts'],
    env: { TZ: 'UTC', NODE_ENV: 'test' },
  },
});
