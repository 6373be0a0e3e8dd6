/**
 * Tests that run ITIMS as several child processes (web instances, `npm run worker`) on one database:
 * `useChildProcesses` gives the file a fresh migrated database and a fake Telegram Bot API, starts
 * children with the environment they share and stops them all at the end; the rest are the calls
 * such tests make over the network (signing in, an API token) and the wait for the outbox to drain.
 */
import { afterAll, beforeAll } from 'vitest';
import type { Expression, ExpressionBuilder, Kysely, SqlBool } from 'kysely';
import type { DialectName } from '../../src/db/database';
import type { DB } from '../../src/db/schema';
import { migrateToLatest } from '../../src/db/migrate';
import { FakeTelegram } from '../fakes/telegram-bot-api';
import type { Credentials, LoggedInHeaders } from './auth';
import { startChildServer, startChildWorker, type ChildServer, type ChildWorker } from './child-server';
import { createEmptyTestDatabase, type TestDatabase } from './databases';

/** Telegram by webhook at a public address: several processes must not long-poll one bot (Telegram answers 409). */
export const WEBHOOK_ENV: Readonly<Record<string, string>> = { TELEGRAM_MODE: 'webhook', PUBLIC_BASE_URL: 'https://itims.example.org' };

export interface ChildProcessRig {
  readonly database: TestDatabase;
  readonly fake: FakeTelegram;
  /** The database as the factories take it. */
  readonly d: Pick<TestDatabase, 'db' | 'dialect'>;
  /** What every child gets: this database, the fake Bot API, no demo data, an admin password; then `extra`. */
  env(extra?: Record<string, string>): Record<string, string>;
  /** A web instance, stopped after the file's tests. */
  startServer(env: Record<string, string>): Promise<ChildServer>;
  /** `npm run worker`, stopped after the file's tests (after the web instances). */
  startWorker(env: Record<string, string>): Promise<ChildWorker>;
}

/** Registers the file's `beforeAll`/`afterAll`; the rig's fields are there once `beforeAll` ran. */
export function useChildProcesses(dialect: DialectName, options: { poolSize?: number } = {}): ChildProcessRig {
  let database: TestDatabase | undefined;
  let fake: FakeTelegram | undefined;
  const servers: ChildServer[] = [];
  const workers: ChildWorker[] = [];

  beforeAll(async () => {
    fake = await FakeTelegram.start();
    database = await createEmptyTestDatabase(dialect, options);
    await migrateToLatest(database);
  }, 60_000);
  afterAll(async () => {
    for (const s of servers) await s.stop();
    for (const w of workers) await w.stop();
    await fake?.stop();
    await database?.drop();
  });

  const ready = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('useChildProcesses: used before its beforeAll ran');
    return value;
  };
  return {
    get database() {
      return ready(database);
    },
    get fake() {
      return ready(fake);
    },
    get d() {
      const { db, dialect } = ready(database);
      return { db, dialect };
    },
    env(extra = {}) {
      return {
        DATABASE_URL: ready(database).url,
        DEMO: '0',
        ITIMS_ADMIN_PASSWORD: 'procesos-hijos-123',
        TELEGRAM_BOT_TOKEN: ready(fake).token,
        TELEGRAM_API_ROOT: ready(fake).apiRoot,
        ...extra,
      };
    },
    async startServer(env) {
      const server = await startChildServer(env);
      servers.push(server);
      return server;
    },
    async startWorker(env) {
      const worker = await startChildWorker(env);
      workers.push(worker);
      return worker;
    },
  };
}

/** Signs in through a running instance's login API (as a browser would, over HTTP). */
export async function loginOverHttp(base: string, user: Credentials): Promise<LoggedInHeaders> {
  const login = await fetch(`${base}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: user.username, password: user.password }),
  });
  if (login.status !== 200) throw new Error(`login of ${user.username} failed: ${login.status} ${await login.text()}`);
  const { csrfToken } = (await login.json()) as { csrfToken: string };
  const cookie = login.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  return { cookie, csrfToken, headers: { cookie, 'x-csrf-token': csrfToken } };
}

/** A fresh personal API token of `user`, created on a running instance. */
export async function bearerTokenOverHttp(base: string, user: Credentials, name: string): Promise<string> {
  const session = await loginOverHttp(base, user);
  const res = await fetch(`${base}/api/v1/auth/tokens`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...session.headers },
    body: JSON.stringify({ name }),
  });
  if (res.status !== 201) throw new Error(`token creation failed: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { token: string }).token;
}

/**
 * Waits until no job is pending or running (of those `where` picks, when given); fails after
 * `timeoutMs` with how many are left and a few of them.
 */
export async function waitForOutbox(db: Kysely<DB>, timeoutMs: number, where?: (eb: ExpressionBuilder<DB, 'jobs'>) => Expression<SqlBool>): Promise<void> {
  const open = () => {
    const q = db.selectFrom('jobs').where('status', 'in', ['pending', 'running']);
    return where ? q.where(where) : q;
  };
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const count = Number(
      (
        await open()
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
    if (count === 0) return;
    if (Date.now() > deadline) {
      const stuck = await open().selectAll().limit(3).execute();
      throw new Error(`${count} jobs still open: ${JSON.stringify(stuck)}`);
    }
    await new Promise((r) => setTimeout(r, 300));
  }
}
