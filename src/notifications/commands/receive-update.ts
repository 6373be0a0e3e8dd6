/**
 * An update from Telegram (webhook or long polling) is remembered by its id and queued as a job
 * in one transaction; the job does the work. An id seen before is ignored (Telegram resends an
 * update when our answer was late), so nothing is done twice.
 */
import { enqueueJob } from '../../jobs/jobs.repository';
import { announceJobs } from '../../jobs/wake';
import { JOB, type NotificationDeps } from '../deps';
import { rememberUpdate } from '../notifications.repository';

/** The part of a Telegram update this step needs (the whole object is stored in the job). */
export type IncomingUpdate = { update_id: number } & Record<string, unknown>;

export async function receiveUpdate(deps: Pick<NotificationDeps, 'database' | 'clock'>, update: IncomingUpdate): Promise<boolean> {
  const { db, dialect } = deps.database;
  const fresh = await db.transaction().execute(async (trx) => {
    const now = deps.clock();
    if (!(await rememberUpdate(trx, dialect, update.update_id, now))) return false;
    await enqueueJob(trx, dialect, { type: JOB.telegramUpdate, payload: { update }, runAt: now, maxAttempts: 10, dedupeKey: `telegram.update:${update.update_id}` }, now);
    return true;
  });
  if (fresh) announceJobs(deps.database);
  return fresh;
}
