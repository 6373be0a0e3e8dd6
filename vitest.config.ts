import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'src/**/*.test.tsx', 'test/**/*.test.ts'],
    // Browser, outage, chaos and load suites have their own scripts (heavier; see package.json).
    exclude: ['test/browser/**', 'test/outage/**', 'test/chaos/**', 'test/load/**', 'node_modules/**'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Test files mostly wait on the database servers, the fakes and child processes, not on this
    // process's CPU; every file has databases of its own, so they run side by side safely. Vitest's
    // default (CPUs − 1) gives a 2-core CI machine one worker, which left the unit suite serial. Two, not
    // more: tests that start child processes (test/main.test.ts) time out when more share two cores.
    maxWorkers: 2,
    // One migrated template database per dialect, cloned for each test file (test/helpers/databases.ts).
    globalSetup: ['test/global-setup.ts'],
    // Any outbound connection a test did not set up fails that test: only loopback is reachable,
    // where the databases, slapd, SMTP and the fakes listen (test/setup/loopback-only.ts).
    setupFiles: ['test/setup/loopback-only.ts'],
    env: { TZ: 'UTC', NODE_ENV: 'test' },
  },
});
