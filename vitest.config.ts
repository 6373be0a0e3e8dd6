import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'src/**/*.test.tsx', 'test/**/*.test.ts'],
    exclude: ['test/browser/**', 'node_modules/**'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Any outbound HTTP call a test did not set up fails: fakes listen on 127.0.0.1 only.
    env: { TZ: 'UTC', NODE_ENV: 'test' },
  },
});
