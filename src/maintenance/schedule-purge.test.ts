import { afterAll, beforeAll, beforeEach, expect, it, vi } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../test/helpers/databases';
import { describeEachDialect, manualClock, startTestApp } from '../../test/helpers/app';
import { createDatabase } from '../db/database';
import { startBackground } from '../background';
import { enqueueDailyPurge, PURGE_JOB, startDailyPurge } from './schedule-purge';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const silent = { info() {}, warn() {}, error() {} };

describeEachDialect('daily purge schedule', (dialect) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase(dialect);
  });
  afterAll(() => database.drop());
  beforeEach(async () => {
    await database.db.deleteFrom('jobs').execute();
  });

  const purgeJobs = async () => (await database.db.selectFrom('jobs').select(['dedupe_key', 'status']).where('type', '=', PURGE_JOB).orderBy('id').execute()).map((j) => j.dedupe_key);

  it('creates one job per local day when two instances check at the same moment', async () => {
    // 22:00 in Lima on the 27th is already the 28th in UTC: the key follows the local date.
    const clock = manualClock(Date.parse('2026-11-28T03:00:00Z'));
    const other = createDatabase(database.url);
    try {
      const instances = [
        { database, clock, timeZone: 'America/Lima' },
        { database: other, clock, timeZone: 'America/Lima' },
      ];
      await Promise.all([...instances, ...instances].map((deps) => enqueueDailyPurge(deps)));
      expect(await purgeJobs()).toEqual(['maintenance.purge:2026-11-27']);

      clock.advance(HOUR); // 23:00, same local day: the hourly check adds nothing
      await Promise.all(instances.map((deps) => enqueueDailyPurge(deps)));
      clock.advance(2 * HOUR); // 01:00 on the 28th
      await Promise.all(instances.map((deps) => enqueueDailyPurge(deps)));
      expect(await purgeJobs()).toEqual(['maintenance.purge:2026-11-27', 'maintenance.purge:2026-11-28']);
    } finally {
      await other.close();
    }
  });

  it('creates one job when two schedulers start at once, then checks on its timer until stopped', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    const clock = manualClock(Date.parse('2026-11-27T15:00:00Z'));
    const other = createDatabase(database.url);
    try {
      const stops = await Promise.all([
        startDailyPurge({ database, clock, timeZone: 'America/Lima' }, { everyMs: HOUR, log: silent }),
        startDailyPurge({ database: other, clock, timeZone: 'America/Lima' }, { everyMs: HOUR, log: silent }),
      ]);
      expect(await purgeJobs()).toEqual(['maintenance.purge:2026-11-27']);

      clock.advance(DAY);
      await vi.advanceTimersByTimeAsync(HOUR);
      await vi.waitFor(async () => expect(await purgeJobs()).toEqual(['maintenance.purge:2026-11-27', 'maintenance.purge:2026-11-28']));

      for (const stop of stops) stop();
      clock.advance(DAY);
      await vi.advanceTimersByTimeAsync(2 * HOUR);
      expect(await purgeJobs()).toHaveLength(2);
    } finally {
      vi.useRealTimers();
      await other.close();
    }
  });
});

describeEachDialect('the background process', (dialect) => {
  it('says nothing about a purge that found nothing to remove (the start banner stays last)', async () => {
    const now = Date.parse('2026-11-27T15:00:00Z');
    const t = await startTestApp(dialect, { clock: manualClock(now) });
    const logged: string[] = [];
    const log = { ...silent, info: (_obj: object, msg: string) => void logged.push(msg) };
    const background = await startBackground(t.ctx, { worker: { pollIntervalMs: 50 }, reminderCheckMs: 0, log });
    try {
      await vi.waitFor(
        async () => {
          const jobs = await t.database.db.selectFrom('jobs').select(['type', 'status']).execute();
          expect(jobs).toEqual([{ type: PURGE_JOB, status: 'done' }]);
        },
        { timeout: 5_000, interval: 50 },
      );
      expect(logged).not.toContain('limpieza diaria: registros antiguos eliminados');
    } finally {
      await background.stop();
      await t.close();
    }
  });

  it('enqueues the day’s purge when it starts and its worker runs it', async () => {
    const now = Date.parse('2026-11-27T15:00:00Z');
    const t = await startTestApp(dialect, { clock: manualClock(now) });
    const logged: [object, string][] = [];
    const log = { ...silent, info: (obj: object, msg: string) => void logged.push([obj, msg]) };
    const { db } = t.database;
    await db
      .insertInto('jobs')
      .values({
        type: 'ticket.created',
        payload: '{}',
        status: 'done',
        attempts: 1,
        max_attempts: 8,
        run_at: now - 40 * DAY,
        locked_by: null,
        locked_until: null,
        last_error: null,
        dedupe_key: 'ticket.created:1',
        created_at: now - 40 * DAY,
        updated_at: now - 40 * DAY,
      })
      .execute();
    await db
      .insertInto('login_attempts')
      .values({ username: 'rquispe', ip: '10.0.0.7', at: now - 2 * DAY })
      .execute();
    const background = await startBackground(t.ctx, { worker: { pollIntervalMs: 50 }, reminderCheckMs: 0, log });
    try {
      await vi.waitFor(
        async () => {
          const jobs = await db.selectFrom('jobs').select(['type', 'status', 'dedupe_key']).execute();
          expect(jobs).toEqual([{ type: PURGE_JOB, status: 'done', dedupe_key: 'maintenance.purge:2026-11-27' }]);
        },
        { timeout: 5_000, interval: 50 },
      );
      expect(await db.selectFrom('login_attempts').selectAll().execute()).toEqual([]);
      expect(logged).toContainEqual([
        {
          doneJobs: 1,
          idempotencyKeys: 0,
          telegramUpdates: 0,
          expiredSessions: 0,
          loginAttempts: 1,
          expiredLinkTokens: 0,
          unusedAttachments: 0,
          anonymisedTickets: 0,
          accessLogEntries: 0,
          anonymisedAttachments: 0,
          finished: true,
        },
        'limpieza diaria: registros antiguos eliminados',
      ]);
    } finally {
      await background.stop();
      await t.close();
    }
  });
});
