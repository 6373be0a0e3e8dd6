/**
 * The worker a process runs (`startBackground`): a job of a type this version has no handler for
 * (written by a newer or older version during an upgrade) is parked at once, not left waiting,
 * and the admin is told (what `ticket-change.ts` promises for the outbox's types).
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import '../test/helpers/test-job-types';
import { describeEachDialect, startTestApp, type TestApp } from '../test/helpers/app';
import { waitFor } from '../test/helpers/telegram';
import { enqueueJob } from './jobs/jobs.repository';
import { startBackground, type Background } from './background';

describeEachDialect('background work', (dialect) => {
  let t: TestApp;
  let background: Background | undefined;
  beforeAll(async () => {
    t = await startTestApp(dialect);
  });
  afterAll(async () => {
    await background?.stop(100);
    await t.close();
  });

  it('parks a job of a type nobody handles at its first attempt and tells the admin', async () => {
    const now = Date.now();
    await enqueueJob(t.database.db, dialect, { type: 'test.from-a-newer-version', payload: { ticketId: 1 }, runAt: now, maxAttempts: 25 }, now);
    background = await startBackground(t.ctx, { reminderCheckMs: 0, purgeCheckMs: 0 });
    const job = await waitFor(
      () => t.database.db.selectFrom('jobs').select(['status', 'attempts', 'last_error']).where('type', '=', 'test.from-a-newer-version').where('status', '=', 'failed').executeTakeFirst(),
      10_000,
      'the job parked',
    );
    expect(job).toEqual({ status: 'failed', attempts: 1, last_error: 'no hay manejador para el tipo de trabajo "test.from-a-newer-version"' });
    const notices = await waitFor(async () => {
      const rows = await t.database.db.selectFrom('admin_notices').select(['kind', 'message']).where('kind', '=', 'job.parked').execute();
      return rows.length ? rows : null;
    });
    expect(notices).toEqual([{ kind: 'job.parked', message: expect.stringContaining('test.from-a-newer-version') }]);
  });
});
