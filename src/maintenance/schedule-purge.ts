/**
 * One `maintenance.purge` job per local day (`TIME_ZONE`). Every process that runs the worker
 * checks at start and then hourly; the dedupe key `maintenance.purge:<YYYY-MM-DD>` makes one job
 * per day however many instances share the database.
 */
import type { Database } from '../db/database';
import type { Clock } from '../core/context';
import { enqueueJob } from '../jobs/jobs.repository';
import { dispatchAfterCommit } from '../jobs/after-commit';
import type { WorkerLog } from '../jobs/worker';
import { localDateOf } from '../core/local-days';

export const PURGE_JOB = 'maintenance.purge';

declare module '../jobs/job-types' {
  interface JobPayloads {
    /** `day`: the local date (`YYYY-MM-DD`) the purge is for, also its dedupe key. */
    'maintenance.purge': { day: string };
  }
}

export const PURGE_CHECK_MS = 3_600_000;

export interface PurgeScheduleDeps {
  database: Database;
  clock: Clock;
  timeZone: string;
}

/** Enqueues today's purge, due now; nothing when today's already exists (done or not). */
export async function enqueueDailyPurge(deps: PurgeScheduleDeps): Promise<void> {
  const now = deps.clock();
  const day = localDateOf(now, deps.timeZone);
  await enqueueJob(deps.database.db, deps.database.dialect, { type: PURGE_JOB, payload: { day }, runAt: now, maxAttempts: 5, dedupeKey: `${PURGE_JOB}:${day}` }, now);
  dispatchAfterCommit(deps);
}

/**
 * Checks now (awaited; a failure is logged, not thrown) and then every `everyMs`. Returns the
 * function that stops the checks. The timer does not keep the process alive.
 */
export async function startDailyPurge(deps: PurgeScheduleDeps, options: { everyMs?: number; log: WorkerLog }): Promise<() => void> {
  const check = () => enqueueDailyPurge(deps).catch((err: unknown) => options.log.warn({ err: err instanceof Error ? err.message : String(err) }, 'no se pudo programar la limpieza diaria'));
  await check();
  const timer = setInterval(() => void check(), options.everyMs ?? PURGE_CHECK_MS);
  timer.unref();
  return () => clearInterval(timer);
}
