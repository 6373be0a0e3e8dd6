/**
 * Test helpers: a real app over a real database, built with the same factory as the server.
 * `inject` for HTTP tests; `listen` (port 0) when a browser or a child process must reach it.
 */
import { describe } from 'vitest';
import { loadConfig, type Config } from '../../src/config/config';
import type { DialectName } from '../../src/db/database';
import { buildApp, type App } from '../../src/http/app';
import { createContext, type AppContext, type Clock } from '../../src/core/context';
import { createTestDatabase, testDialects, type TestDatabase } from './databases';

/** Runs a block of tests once per configured dialect (`TEST_DATABASES`). */
export function describeEachDialect(name: string, fn: (dialect: DialectName) => void): void {
  for (const dialect of testDialects()) describe(`${name} [${dialect}]`, () => fn(dialect));
}

/** The installation key of test apps (TOTP secrets are sealed with it); tests of a missing key unset it. */
export const TEST_SECRET_KEY = 'test-only-secret-key-0123456789abcdef';

export function testConfig(overrides: Partial<Config> = {}, env: Record<string, string> = {}): Config {
  return loadConfig(
    {
      PUBLIC_BASE_URL: 'http://itims.test',
      LOG_LEVEL: 'silent',
      RATE_LIMIT_PER_MINUTE: '100000',
      DIRECTORY_LOOKUPS_PER_MINUTE: '100000',
      STAFF_REQUESTS_PER_MINUTE: '100000',
      FILINGS_PER_HOUR: '100000',
      FOLLOW_LINKS_PER_HOUR: '100000',
      ITIMS_SECRET_KEY: TEST_SECRET_KEY,
      ...env,
    },
    { inProcessWorker: false, ...overrides },
  );
}

export interface TestApp {
  app: App;
  ctx: AppContext;
  database: TestDatabase;
  close(): Promise<void>;
}

export interface TestAppOptions {
  config?: Partial<Config>;
  env?: Record<string, string>;
  clock?: Clock;
  /** Reuse a database (e.g. two app instances on one database). */
  database?: TestDatabase;
  /** `buildApp`'s release name (the offline portal's cache version). */
  release?: string;
}

export async function startTestApp(dialect: DialectName, options: TestAppOptions = {}): Promise<TestApp> {
  const database = options.database ?? (await createTestDatabase(dialect));
  const config = testConfig(options.config, options.env);
  const ctx = createContext(config, database, options.clock);
  const app = await buildApp(ctx, { logLevel: 'silent', release: options.release });
  await app.ready();
  return {
    app,
    ctx,
    database,
    async close() {
      await app.close();
      if (!options.database) await database.drop();
    },
  };
}

/** A clock tests can move. */
export function manualClock(start = Date.parse('2026-03-02T14:00:00Z')): Clock & { advance(ms: number): void; set(ms: number): void } {
  let now = start;
  const clock = (() => now) as Clock & { advance(ms: number): void; set(ms: number): void };
  clock.advance = (ms: number) => {
    now += ms;
  };
  clock.set = (ms: number) => {
    now = ms;
  };
  return clock;
}

/** Makes a test app listen on a free loopback port (a real HTTP server); returns its base URL. */
export async function listenOnLoopback(t: TestApp): Promise<string> {
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  const address = t.app.server.address();
  if (!address || typeof address === 'string') throw new Error('the test server has no TCP address');
  return `http://127.0.0.1:${address.port}`;
}
