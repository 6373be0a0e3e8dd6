import { defineConfig } from 'vitest/config';

/** Browser tests: real Chromium (Debian's /usr/bin/chromium) driven by playwright-core. */
export default defineConfig({
  test: {
    include: ['test/browser/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    fileParallelism: false,
    env: { TZ: 'UTC', NODE_ENV: 'test' },
  },
});
