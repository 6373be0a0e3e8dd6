import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { countRows, createTestDatabase, type TestDatabase } from '../../test/helpers/databases';
import { describeEachDialect } from '../../test/helpers/app';
import { buildUser } from '../../test/helpers/factories';
import type { JobStatus } from '../db/schema';
import { PURGE_BATCH_SIZE, purgeOldRecords } from './purge-old-records';

const NOW = Date.parse('2026-11-27T08:00:00Z');
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const clock = () => NOW;

describeEachDialect('purging old records', (dialect) => {
  let database: TestDatabase;
  let userId: number;
  let seq = 0;
  beforeAll(async () => {
    database = await createTestDatabase(dialect);
    userId = (await buildUser({ db: database.db, dialect })).id;
  });
  afterAll(() => database.drop());
  beforeEach(async () => {
    for (const table of ['jobs', 'idempotency_keys', 'telegram_updates', 'sessions', 'login_attempts', 'link_tokens'] as const) {
      await database.db.deleteFrom(table).execute();
    }
  });

  /** Inserts in chunks, so thousands of rows stay under every engine's parameter limit. */
  async function insertChunked<T>(count: number, build: (i: number) => T, insert: (rows: T[]) => Promise<unknown>): Promise<void> {
    for (let from = 0; from < count; from += 500) {
      await insert(Array.from({ length: Math.min(500, count - from) }, (_, i) => build(from + i)));
    }
  }
  const jobs = (count: number, status: JobStatus, runAt: number) =>
    insertChunked(
      count,
      () => ({
        type: 'test.job',
        payload: '{}',
        status,
        attempts: 1,
        max_attempts: 3,
        run_at: runAt,
        locked_by: status === 'running' ? 'elsewhere:1:x:1' : null,
        locked_until: status === 'running' ? NOW + HOUR : null,
        last_error: null,
        dedupe_key: `test.job:${++seq}`,
        created_at: runAt,
        updated_at: runAt,
      }),
      (rows) => database.db.insertInto('jobs').values(rows).execute(),
    );
  const idempotencyKeys = (count: number, createdAt: number) =>
    insertChunked(
      count,
      () => ({ key: `clave-${++seq}-${'x'.repeat(36)}`, request_hash: 'h', status_code: 201, response_body: '{"code":"TK-7F3K9Q2M"}', created_at: createdAt }),
      (rows) => database.db.insertInto('idempotency_keys').values(rows).execute(),
    );
  const telegramUpdates = (count: number, receivedAt: number) =>
    insertChunked(
      count,
      () => ({ update_id: 900_000_000 + ++seq, received_at: receivedAt }),
      (rows) => database.db.insertInto('telegram_updates').values(rows).execute(),
    );
  const sessions = (count: number, expiresAt: number) =>
    insertChunked(
      count,
      () => ({ id: `sesion-${++seq}`, user_id: userId, csrf_token: 'csrf', created_at: expiresAt - 12 * HOUR, expires_at: expiresAt, last_seen_at: expiresAt - HOUR }),
      (rows) => database.db.insertInto('sessions').values(rows).execute(),
    );
  const loginFailures = (count: number, at: number) =>
    insertChunked(
      count,
      () => ({ username: 'rquispe', ip: '10.0.0.7', at }),
      (rows) => database.db.insertInto('login_attempts').values(rows).execute(),
    );
  const linkTokens = (count: number, expiresAt: number, used: boolean) =>
    insertChunked(
      count,
      () => ({
        token_hash: String(++seq).padStart(64, 'h'),
        kind: 'ticket' as const,
        user_id: null,
        ticket_id: null,
        expires_at: expiresAt,
        used_at: used ? expiresAt - 60_000 : null,
        created_at: expiresAt - 15 * 60_000,
      }),
      (rows) => database.db.insertInto('link_tokens').values(rows).execute(),
    );
  const count = (table: 'jobs' | 'idempotency_keys' | 'telegram_updates' | 'sessions' | 'login_attempts' | 'link_tokens') => countRows(database.db, table);

  it('deletes every kind of row past its retention, over several batches, and keeps the rest', async () => {
    await jobs(7, 'done', NOW - 31 * DAY);
    await jobs(2, 'done', NOW - 29 * DAY);
    await jobs(2, 'failed', NOW - 90 * DAY);
    await jobs(2, 'pending', NOW - 90 * DAY);
    await jobs(1, 'running', NOW - 90 * DAY);
    await idempotencyKeys(7, NOW - 8 * DAY);
    await idempotencyKeys(2, NOW - 6 * DAY);
    await telegramUpdates(7, NOW - 8 * DAY);
    await telegramUpdates(2, NOW - 6 * DAY);
    await sessions(7, NOW);
    await sessions(2, NOW + HOUR);
    await loginFailures(7, NOW - 25 * HOUR);
    await loginFailures(2, NOW - 23 * HOUR);
    await linkTokens(5, NOW - 1, false);
    await linkTokens(2, NOW - DAY, true);
    await linkTokens(1, NOW + 10 * 60_000, false);
    await linkTokens(1, NOW + 10 * 60_000, true);

    const report = await purgeOldRecords({ database, clock }, { batchSize: 3 });

    expect(report).toEqual({
      doneJobs: 7,
      idempotencyKeys: 7,
      telegramUpdates: 7,
      expiredSessions: 7,
      loginAttempts: 7,
      expiredLinkTokens: 7,
      unusedAttachments: 0,
      anonymisedTickets: 0,
      accessLogEntries: 0,
      anonymisedAttachments: 0,
      finished: true,
    });
    const left = await database.db.selectFrom('jobs').select(['status', 'run_at']).orderBy('status').execute();
    expect(left.map((j) => [j.status, Number(j.run_at)])).toEqual([
      ['done', NOW - 29 * DAY],
      ['done', NOW - 29 * DAY],
      ['failed', NOW - 90 * DAY],
      ['failed', NOW - 90 * DAY],
      ['pending', NOW - 90 * DAY],
      ['pending', NOW - 90 * DAY],
      ['running', NOW - 90 * DAY],
    ]);
    for (const table of ['idempotency_keys', 'telegram_updates', 'sessions', 'login_attempts', 'link_tokens'] as const) expect(await count(table), table).toBe(2);
  });

  it('is harmless to run twice', async () => {
    await jobs(4, 'done', NOW - 31 * DAY);
    await sessions(4, NOW - DAY);
    await sessions(1, NOW + HOUR);
    expect(await purgeOldRecords({ database, clock }, { batchSize: 2 })).toMatchObject({ doneJobs: 4, expiredSessions: 4, finished: true });
    expect(await purgeOldRecords({ database, clock }, { batchSize: 2 })).toEqual({
      doneJobs: 0,
      idempotencyKeys: 0,
      telegramUpdates: 0,
      expiredSessions: 0,
      loginAttempts: 0,
      expiredLinkTokens: 0,
      unusedAttachments: 0,
      anonymisedTickets: 0,
      accessLogEntries: 0,
      anonymisedAttachments: 0,
      finished: true,
    });
    expect(await count('sessions')).toBe(1);
  });

  it('deletes more rows than one full batch with statements every engine accepts', async () => {
    await jobs(PURGE_BATCH_SIZE + 1, 'done', NOW - 31 * DAY);
    await idempotencyKeys(PURGE_BATCH_SIZE + 1, NOW - 8 * DAY);
    await jobs(1, 'done', NOW - DAY);

    const report = await purgeOldRecords({ database, clock });

    expect(report).toMatchObject({ doneJobs: PURGE_BATCH_SIZE + 1, idempotencyKeys: PURGE_BATCH_SIZE + 1, finished: true });
    expect(await count('jobs')).toBe(1);
    expect(await count('idempotency_keys')).toBe(0);
  });

  it('starts no new batch once the worker is stopping, and leaves the rest for the next run', async () => {
    await jobs(3, 'done', NOW - 31 * DAY);
    const stopping = new AbortController();
    stopping.abort();
    expect(await purgeOldRecords({ database, clock }, { signal: stopping.signal })).toMatchObject({ doneJobs: 0, finished: false });
    expect(await purgeOldRecords({ database, clock }, { timeBudgetMs: 0 })).toMatchObject({ doneJobs: 0, finished: false });
    expect(await count('jobs')).toBe(3);
    expect(await purgeOldRecords({ database, clock })).toMatchObject({ doneJobs: 3, finished: true });
  });
});
