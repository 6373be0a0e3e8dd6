import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../test/helpers/databases';
import { describeEachDialect, manualClock } from '../../test/helpers/app';
import { backoffDelay } from './backoff';
import { PermanentJobError, RetryAfterError } from './job-errors';
import { claimDueJobs, enqueueJob } from './jobs.repository';
import { Worker, type JobHandlers } from './worker';

describe('backoff', () => {
  it('doubles from the base up to the cap, with jitter in the upper half', () => {
    const policy = { baseMs: 1000, maxMs: 10_000 };
    expect(backoffDelay(1, policy, () => 0)).toBe(500);
    expect(backoffDelay(1, policy, () => 1)).toBe(1000);
    expect(backoffDelay(3, policy, () => 1)).toBe(4000);
    expect(backoffDelay(3, policy, () => 0)).toBe(2000);
    expect(backoffDelay(20, policy, () => 1)).toBe(10_000);
    for (let attempt = 1; attempt < 10; attempt++) {
      const d = backoffDelay(attempt, policy);
      expect(d).toBeGreaterThanOrEqual(Math.min(10_000, 1000 * 2 ** (attempt - 1)) / 2);
      expect(d).toBeLessThanOrEqual(Math.min(10_000, 1000 * 2 ** (attempt - 1)));
    }
  });
});

describeEachDialect('outbox worker', (dialect) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase(dialect, { poolSize: 6 });
  });
  afterAll(() => database.drop());

  const job = async (id: number) => database.db.selectFrom('jobs').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const enqueue = async (type: `test.${string}`, payload: unknown, now: number, maxAttempts = 3) => {
    await enqueueJob(database.db, dialect, { type, payload, runAt: now, maxAttempts }, now);
    const r = await database.db.selectFrom('jobs').select('id').where('type', '=', type).orderBy('id', 'desc').executeTakeFirstOrThrow();
    return r.id;
  };

  it('retries a failing job with growing delays and parks it after its last attempt', async () => {
    const clock = manualClock();
    const calls: number[] = [];
    const parked: string[] = [];
    const handlers: JobHandlers = {
      'test.flaky': {
        retry: { baseMs: 1000, maxMs: 60_000 },
        run: async () => {
          calls.push(clock());
          throw new Error('servidor caído');
        },
        onParked: async (_p, err) => {
          parked.push(err.message);
        },
      },
    };
    const notices: number[] = [];
    const worker = new Worker({ database, clock, handlers, random: () => 1, onParked: async (j) => void notices.push(j.id) });
    const id = await enqueue('test.flaky', {}, clock());
    expect(await worker.drain()).toBe(1);
    let row = await job(id);
    expect(row).toMatchObject({ status: 'pending', attempts: 1, last_error: 'servidor caído', locked_by: null });
    expect(row.run_at - clock()).toBe(1000);

    expect(await worker.drain()).toBe(0); // not due yet
    clock.advance(1000);
    await worker.drain();
    row = await job(id);
    expect(row.attempts).toBe(2);
    expect(row.run_at - clock()).toBe(2000);
    clock.advance(2000);
    await worker.drain();
    row = await job(id);
    expect(row).toMatchObject({ status: 'failed', attempts: 3, last_error: 'servidor caído' });
    expect(calls).toHaveLength(3);
    expect(parked).toEqual(['servidor caído']);
    expect(notices).toEqual([id]);
  });

  it('waits exactly the retry_after it was told, without spending an attempt', async () => {
    const clock = manualClock();
    let first = true;
    const worker = new Worker({
      database,
      clock,
      random: () => 0,
      handlers: {
        'test.limited': {
          run: async () => {
            if (first) {
              first = false;
              throw new RetryAfterError(7000);
            }
          },
        },
      },
    });
    const id = await enqueue('test.limited', {}, clock(), 1);
    await worker.drain();
    const row = await job(id);
    expect(row).toMatchObject({ status: 'pending', attempts: 0 });
    expect(row.run_at - clock()).toBe(7000);
    clock.advance(6999);
    expect(await worker.drain()).toBe(0);
    clock.advance(1);
    expect(await worker.drain()).toBe(1);
    expect((await job(id)).status).toBe('done');
  });

  it('parks a job at once on a permanent failure, and for an unknown type', async () => {
    const clock = manualClock();
    const worker = new Worker({
      database,
      clock,
      handlers: {
        'test.permanent': {
          run: async () => {
            throw new PermanentJobError('chat not found');
          },
        },
      },
    });
    const a = await enqueue('test.permanent', {}, clock(), 10);
    const b = await enqueue('test.nobody-handles-this', {}, clock(), 10);
    await worker.drain();
    expect(await job(a)).toMatchObject({ status: 'failed', attempts: 1, last_error: 'chat not found' });
    expect((await job(b)).status).toBe('failed');
  });

  it('completes a job inside the handler’s transaction, so its database work happens once', async () => {
    const clock = manualClock();
    const worker = new Worker({
      database,
      clock,
      handlers: {
        'test.in-tx': {
          run: async (_p, ctx) => {
            await database.db.transaction().execute(async (trx) => {
              await trx
                .insertInto('settings')
                .values({ key: `in-tx-${ctx.job.id}`, value: '1', updated_at: clock() })
                .execute();
              await ctx.complete(trx);
            });
          },
        },
      },
    });
    const id = await enqueue('test.in-tx', {}, clock());
    await worker.drain();
    expect((await job(id)).status).toBe('done');
    const rows = await database.db.selectFrom('settings').selectAll().where('key', '=', `in-tx-${id}`).execute();
    expect(rows).toHaveLength(1);
  });

  it('claims each job for one worker only when two workers claim at the same instant', async () => {
    const now = Date.now();
    for (let i = 0; i < 40; i++) await enqueueJob(database.db, dialect, { type: 'test.race', payload: { i }, runAt: now }, now);
    const ids: number[] = [];
    for (let round = 0; round < 10 && ids.length < 40; round++) {
      const claims = await Promise.all(Array.from({ length: 4 }, (_, w) => claimDueJobs(database.db, dialect, { workerId: `w${w}`, now: now + 1, lockMs: 60_000, limit: 15 })));
      ids.push(
        ...claims
          .flat()
          .filter((j) => j.type === 'test.race')
          .map((j) => j.id),
      );
    }
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.length).toBe(40);
    // A claim that expired is taken again; one still held is not.
    const again = await claimDueJobs(database.db, dialect, { workerId: 'late', now: now + 1, lockMs: 60_000, limit: 100 });
    expect(again.filter((j) => j.type === 'test.race')).toHaveLength(0);
    // Locks expire on the database's clock: age them there.
    await database.db.updateTable('jobs').set({ locked_until: 0 }).where('type', '=', 'test.race').execute();
    const expired = await claimDueJobs(database.db, dialect, { workerId: 'late', now: now + 1, lockMs: 60_000, limit: 100 });
    expect(expired.filter((j) => j.type === 'test.race')).toHaveLength(40);
    await database.db.updateTable('jobs').set({ status: 'done' }).where('type', '=', 'test.race').execute();
  });

  it('extends the lock of a handler slower than the lock, so another worker never runs it twice', async () => {
    const runs: string[] = [];
    const slow = (name: string): JobHandlers => ({
      'test.long': {
        run: async () => {
          runs.push(name);
          await new Promise((r) => setTimeout(r, 4_000));
        },
      },
    });
    const a = new Worker({ database, clock: Date.now, handlers: slow('a'), pollIntervalMs: 20, lockMs: 1_500 });
    const b = new Worker({ database, clock: Date.now, handlers: slow('b'), pollIntervalMs: 20, lockMs: 1_500 });
    const id = await enqueue('test.long', {}, Date.now());
    await a.start();
    const deadline = Date.now() + 15_000;
    while (runs.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    await b.start();
    while ((await job(id)).status !== 'done' && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    await new Promise((r) => setTimeout(r, 400));
    await Promise.all([a.stop(), b.stop()]);
    expect(runs).toEqual(['a']);
    expect(await job(id)).toMatchObject({ status: 'done', attempts: 1 });
  });

  it('compares lock expiry on the database clock: a host whose clock runs ahead does not take a held job', async () => {
    const now = Date.now();
    await enqueueJob(database.db, dialect, { type: 'test.skew', payload: {}, runAt: now }, now);
    const held = await claimDueJobs(database.db, dialect, { workerId: 'on-time', now, lockMs: 60_000, limit: 100 });
    expect(held.filter((j) => j.type === 'test.skew')).toHaveLength(1);
    // Ten minutes ahead: by its own clock the lock expired long ago.
    const ahead = await claimDueJobs(database.db, dialect, { workerId: 'ahead', now: now + 10 * 60_000, lockMs: 60_000, limit: 100 });
    expect(ahead.filter((j) => j.type === 'test.skew')).toHaveLength(0);
    const row = await database.db.selectFrom('jobs').select(['locked_by', 'locked_until']).where('type', '=', 'test.skew').executeTakeFirstOrThrow();
    expect(row.locked_by).toBe('on-time');
    // The lock was set from the database's clock (this host's and the database's agree here).
    expect(Math.abs(Number(row.locked_until) - (Date.now() + 60_000))).toBeLessThan(5_000);
    await database.db.updateTable('jobs').set({ status: 'done' }).where('type', '=', 'test.skew').execute();
  });

  it('runs every job exactly once with two running workers', async () => {
    const seen: number[] = [];
    const handlers: JobHandlers = {
      'test.count': {
        run: async (p: { i: number }) => {
          await new Promise((r) => setTimeout(r, 2));
          seen.push(p.i);
        },
      },
    };
    const a = new Worker({ database, clock: Date.now, handlers, pollIntervalMs: 20, concurrency: 3 });
    const b = new Worker({ database, clock: Date.now, handlers, pollIntervalMs: 20, concurrency: 3 });
    await Promise.all([a.start(), b.start()]);
    const now = Date.now();
    for (let i = 0; i < 30; i++) await enqueueJob(database.db, dialect, { type: 'test.count', payload: { i }, runAt: now }, now);
    const deadline = Date.now() + 15_000;
    while (seen.length < 30 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    await Promise.all([a.stop(), b.stop()]);
    expect(seen.sort((x, y) => x - y)).toEqual(Array.from({ length: 30 }, (_, i) => i));
  });

  it('gives back a job still running when stopped, without counting the attempt', async () => {
    let release: () => void = () => {};
    let markStarted: () => void = () => {};
    const started = new Promise<void>((resolve) => (markStarted = resolve));
    const handlers: JobHandlers = {
      'test.slow': {
        run: () =>
          new Promise<void>((resolve) => {
            release = resolve;
            markStarted();
          }),
      },
    };
    const worker = new Worker({ database, clock: Date.now, handlers, pollIntervalMs: 10 });
    await worker.start();
    const now = Date.now();
    await enqueueJob(database.db, dialect, { type: 'test.slow', payload: {}, runAt: now, dedupeKey: 'slow-1' }, now);
    worker.wake();
    await started;
    await worker.stop(50);
    const row = await database.db.selectFrom('jobs').selectAll().where('dedupe_key', '=', 'slow-1').executeTakeFirstOrThrow();
    expect(row).toMatchObject({ status: 'pending', attempts: 0, locked_by: null });
    release();
  });

  it('gives way to user requests while told to, then catches up; new jobs do not cut the pause short', async () => {
    const seen: number[] = [];
    const handlers: JobHandlers = { 'test.yield': { run: async (p: { n: number }) => void seen.push(p.n) } };
    let busy = true;
    const worker = new Worker({ database, clock: Date.now, handlers, pollIntervalMs: 10, concurrency: 4, yieldWhile: () => busy, busyClaimIntervalMs: 60_000 });
    const now = Date.now();
    for (let n = 0; n < 12; n++) await enqueueJob(database.db, dialect, { type: 'test.yield', payload: { n }, runAt: now, dedupeKey: `yield-${n}` }, now);
    await worker.start();
    let deadline = Date.now() + 5_000;
    while (seen.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    await new Promise((r) => setTimeout(r, 50));
    // One claim (at most `concurrency` jobs) while busy, then a pause that wake-ups do not end.
    const firstRound = seen.length;
    expect(firstRound).toBeGreaterThan(0);
    expect(firstRound).toBeLessThanOrEqual(4);
    for (let i = 0; i < 5; i++) {
      worker.wake();
      await new Promise((r) => setTimeout(r, 20));
    }
    expect(seen).toHaveLength(firstRound);
    busy = false;
    // The pause ends at its time or at stop(); with a 60 s interval, stop and start again.
    await worker.stop(1_000);
    const again = new Worker({ database, clock: Date.now, handlers, pollIntervalMs: 10, concurrency: 4, yieldWhile: () => busy });
    await again.start();
    deadline = Date.now() + 5_000;
    while (seen.length < 12 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    await again.stop();
    expect(seen.sort((a, b) => a - b)).toEqual(Array.from({ length: 12 }, (_, i) => i));
  });
});
