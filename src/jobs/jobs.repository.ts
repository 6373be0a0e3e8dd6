/**
 * The outbox table. `enqueueJob` is called inside the transaction of the change that needs the
 * side effect, so the change and its job commit together or not at all.
 */
import type { DialectName, Executor } from '../db/database';

export interface NewJob {
  type: string;
  payload: unknown;
  /** When the job becomes due (epoch ms). */
  runAt: number;
  maxAttempts?: number;
  /** A second job with the same key is silently not created. */
  dedupeKey?: string | null;
}

export async function enqueueJob(db: Executor, dialect: DialectName, job: NewJob, now: number): Promise<void> {
  const values = {
    type: job.type,
    payload: JSON.stringify(job.payload),
    status: 'pending' as const,
    attempts: 0,
    max_attempts: job.maxAttempts ?? 8,
    run_at: job.runAt,
    locked_by: null,
    locked_until: null,
    last_error: null,
    dedupe_key: job.dedupeKey ?? null,
    created_at: now,
    updated_at: now,
  };
  const insert = db.insertInto('jobs').values(values);
  if (!job.dedupeKey) {
    await insert.execute();
    return;
  }
  // Never raise inside the caller's transaction (PostgreSQL would abort it): skip duplicates.
  if (dialect === 'mysql') await insert.ignore().execute();
  else await insert.onConflict((oc) => oc.column('dedupe_key').doNothing()).execute();
}
