import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'src/**/*.test.tsx', 'test/**/*.test.ts'],
    // Browser, outage, chaos and load suites have their own scripts (heavier; see package.json).
    exclude: ['test/browser/**', 'test/outage/**', 'test/chaos/**', 'test/load/**', 'node_modules/**'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Any outbound HTTP call a test did not set up fails: fakes listen on 127.0.0.1 only.
    env: { TZ: 'UTC', NODE_ENV: 'test' },
  },
});
