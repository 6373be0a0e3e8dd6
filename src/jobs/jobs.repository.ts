/**
 * The outbox table. `enqueueJob` is called inside the transaction of the change that needs the
 * side effect, so the change and its job commit together or not at all.
 */
import { sql, type Kysely, type SelectQueryBuilder, type Expression, type SqlBool, type ExpressionBuilder } from 'kysely';
import type { DialectName, Executor } from '../db/database';
import { databaseNowMs, forUpdateSkipLocked, insertUnlessDuplicate, isTransientError, skipDuplicate } from '../db/dialect';
import { prepared } from '../db/prepared';
import type { DB, JobStatus } from '../db/schema';
import type { JobPayload, JobType } from './job-types';
import { purgeBatch } from '../db/purge-batch';

/** A job to write: its type and that type's payload (`job-types.ts`). */
export interface NewJob<T extends JobType = JobType> {
  type: T;
  payload: JobPayload<T>;
  /** When the job becomes due (epoch ms). */
  runAt: number;
  maxAttempts?: number;
  /** A second job with the same key is silently not created. */
  dedupeKey?: string | null;
}

const jobInsert = (db: Executor, type: string, payload: string, maxAttempts: number, runAt: number, dedupeKey: string | null, now: number) =>
  db.insertInto('jobs').values({
    type,
    payload,
    status: 'pending' as const,
    attempts: 0,
    max_attempts: maxAttempts,
    run_at: runAt,
    locked_by: null,
    locked_until: null,
    last_error: null,
    dedupe_key: dedupeKey,
    created_at: now,
    updated_at: now,
  });
const insertJobQuery = prepared(jobInsert);
// A dedupe key already taken is skipped, never raised (see `skipDuplicate`).
const insertDedupedJobQuery = prepared((db, type: string, payload: string, maxAttempts: number, runAt: number, dedupeKey: string, now: number) =>
  skipDuplicate(db, jobInsert(db, type, payload, maxAttempts, runAt, dedupeKey, now), ['dedupe_key']),
);

/** Writes a job; with a dedupe key already taken, nothing is written (and nothing raised). */
export async function enqueueJob<T extends JobType>(db: Executor, _dialect: DialectName, job: NewJob<T>, now: number): Promise<void> {
  const payload = JSON.stringify(job.payload);
  const maxAttempts = job.maxAttempts ?? 8;
  if (job.dedupeKey) await insertUnlessDuplicate(db, insertDedupedJobQuery.execute(db, job.type, payload, maxAttempts, job.runAt, job.dedupeKey, now));
  else await insertJobQuery.execute(db, job.type, payload, maxAttempts, job.runAt, null, now);
}

/** A job a worker holds: its row, decoded. */
export interface ClaimedJob {
  id: number;
  type: string;
  payload: unknown;
  /** Attempts including this one. */
  attempts: number;
  maxAttempts: number;
  createdAt: number;
}

export interface ClaimOptions {
  workerId: string;
  now: number;
  lockMs: number;
  limit: number;
}

const CLAIMED_COLUMNS = ['id', 'type', 'payload', 'attempts', 'max_attempts', 'created_at'] as const;

function toClaimed(r: { id: number; type: string; payload: string; attempts: number; max_attempts: number; created_at: number }): ClaimedJob {
  return {
    id: r.id,
    type: r.type,
    payload: JSON.parse(r.payload) as unknown,
    attempts: r.attempts,
    maxAttempts: r.max_attempts,
    createdAt: r.created_at,
  };
}

/**
 * Pending jobs whose time has come, and running jobs whose holder let its lock expire. Locks are
 * set and compared on the database's clock (`databaseNowMs`): a worker on a host whose clock runs
 * ahead must not take a job another host holds.
 */
function isDue(db: Executor, now: number) {
  return (eb: ExpressionBuilder<DB, 'jobs'>): Expression<SqlBool> =>
    eb.or([eb.and([eb('status', '=', 'pending'), eb('run_at', '<=', now)]), eb.and([eb('status', '=', 'running'), eb('locked_until', '<', databaseNowMs(db))])]);
}

// Two index-ordered reads instead of one OR: with a backlog, the OR made SQLite collect and
// sort every due job (~0.4 ms at 5,000 pending) to return four.
const duePendingQuery = prepared((db, now: number, limit: number) =>
  db.selectFrom('jobs').select(['id', 'run_at']).where('status', '=', 'pending').where('run_at', '<=', now).orderBy('run_at').orderBy('id').limit(limit),
);
const expiredRunningQuery = prepared((db, limit: number) =>
  db.selectFrom('jobs').select(['id', 'run_at']).where('status', '=', 'running').where('locked_until', '<', databaseNowMs(db)).orderBy('run_at').orderBy('id').limit(limit),
);
async function dueJobIds(db: Executor, now: number, limit: number): Promise<{ id: number }[]> {
  const rows = [...(await duePendingQuery.rows(db, now, limit)), ...(await expiredRunningQuery.rows(db, limit))];
  return rows.sort((x, y) => x.run_at - y.run_at || x.id - y.id).slice(0, limit);
}
const lockUntil = (db: Executor, lockMs: number) => sql<number>`${databaseNowMs(db)} + ${lockMs}`;
const claimJobQuery = prepared((db, id: number, now: number, workerId: string, lockMs: number) =>
  db
    .updateTable('jobs')
    .set((eb) => ({ status: 'running' as const, locked_by: workerId, locked_until: lockUntil(db, lockMs), updated_at: now, attempts: eb('attempts', '+', 1) }))
    .where('id', '=', id)
    .where(isDue(db, now)),
);
const extendLockQuery = prepared((db, id: number, workerId: string, lockMs: number) =>
  db
    .updateTable('jobs')
    .set({ locked_until: lockUntil(db, lockMs) })
    .where('id', '=', id)
    .where('locked_by', '=', workerId)
    .where('status', '=', 'running'),
);

/**
 * The holder of a running job says it is still at work: its lock lasts `lockMs` more from now
 * (the database's now). False when the job is no longer its own (released, or taken after expiry).
 */
export async function extendJobLock(db: Executor, id: number, workerId: string, lockMs: number): Promise<boolean> {
  const r = await extendLockQuery.execute(db, id, workerId, lockMs);
  return Number(r.numAffectedRows ?? 0n) === 1;
}
const claimedJobQuery = prepared((db, id: number) => db.selectFrom('jobs').select(CLAIMED_COLUMNS).where('id', '=', id));
const completeJobQuery = prepared((db, id: number, workerId: string, now: number) =>
  db.updateTable('jobs').set({ status: 'done', locked_by: null, locked_until: null, updated_at: now }).where('id', '=', id).where('locked_by', '=', workerId).where('status', '=', 'running'),
);

/**
 * Claims up to `limit` due jobs for one worker. PostgreSQL and MariaDB lock the candidate rows
 * with `FOR UPDATE SKIP LOCKED` in a short transaction, so workers in several processes never
 * claim the same job; on SQLite (one writer at a time) each row is claimed by a conditional UPDATE.
 */
export async function claimDueJobs(db: Kysely<DB>, dialect: DialectName, o: ClaimOptions): Promise<ClaimedJob[]> {
  if (dialect === 'sqlite') {
    // One transaction (one commit) for the whole batch; the guarded update still skips a row
    // another process claimed between our read and our write.
    return db.transaction().execute(async (trx) => {
      const candidates = await dueJobIds(trx, o.now, o.limit);
      const claimed: ClaimedJob[] = [];
      for (const { id } of candidates) {
        const res = await claimJobQuery.execute(trx, id, o.now, o.workerId, o.lockMs);
        if (Number(res.numAffectedRows ?? 0n) !== 1) continue;
        const row = await claimedJobQuery.first(trx, id);
        if (row) claimed.push(toClaimed(row));
      }
      return claimed;
    });
  }
  for (let attempt = 1; ; attempt++) {
    try {
      return await claimWithSkipLocked(db, dialect, o);
    } catch (err) {
      // Two claimers can still deadlock on MariaDB's index locks; the loser claims again.
      if (!isTransientError(err) || attempt >= 3) throw err;
    }
  }
}

async function claimWithSkipLocked(db: Kysely<DB>, dialect: DialectName, o: ClaimOptions): Promise<ClaimedJob[]> {
  // READ COMMITTED: no gap locks on MariaDB, so claimers skip each other's rows instead of waiting.
  return db
    .transaction()
    .setIsolationLevel('read committed')
    .execute(async (trx) => {
      const query = trx.selectFrom('jobs').select('id').where(isDue(trx, o.now)).orderBy('run_at').orderBy('id').limit(o.limit);
      const candidates = await forUpdateSkipLocked(query as unknown as SelectQueryBuilder<DB, any, { id: number }>, dialect).execute();
      if (!candidates.length) return [];
      const ids = candidates.map((c) => c.id);
      await trx
        .updateTable('jobs')
        .set((eb) => ({ status: 'running' as const, locked_by: o.workerId, locked_until: lockUntil(trx, o.lockMs), updated_at: o.now, attempts: eb('attempts', '+', 1) }))
        .where('id', 'in', ids)
        .execute();
      const rows = await trx.selectFrom('jobs').select(CLAIMED_COLUMNS).where('id', 'in', ids).orderBy('run_at').orderBy('id').execute();
      return rows.map(toClaimed);
    });
}

/** The job is done. Only its holder may say so (a job released meanwhile stays released). */
export async function completeJob(db: Executor, id: number, workerId: string, now: number): Promise<boolean> {
  const r = await completeJobQuery.execute(db, id, workerId, now);
  return Number(r.numAffectedRows ?? 0n) === 1;
}

/** Back to pending, due at `runAt`. `refundAttempt` when the failure was not the job's fault (429). */
export async function rescheduleJob(db: Executor, id: number, workerId: string, p: { runAt: number; error: string; refundAttempt: boolean; now: number }): Promise<void> {
  await db
    .updateTable('jobs')
    .set((eb) => ({
      status: 'pending',
      run_at: p.runAt,
      locked_by: null,
      locked_until: null,
      last_error: p.error.slice(0, 1000),
      updated_at: p.now,
      ...(p.refundAttempt ? { attempts: eb('attempts', '-', 1) } : {}),
    }))
    .where('id', '=', id)
    .where('locked_by', '=', workerId)
    .execute();
}

/** Parks a job that will not succeed by retrying: an admin sees it and may retry it. */
export async function parkJob(db: Executor, id: number, workerId: string, error: string, now: number): Promise<boolean> {
  const r = await db
    .updateTable('jobs')
    .set({ status: 'failed', locked_by: null, locked_until: null, last_error: error.slice(0, 1000), updated_at: now })
    .where('id', '=', id)
    .where('locked_by', '=', workerId)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Gives back every job a worker holds (graceful stop): pending again, the attempt not counted. */
export async function releaseJobs(db: Executor, workerId: string, now: number, ids?: number[]): Promise<number> {
  let q = db
    .updateTable('jobs')
    .set((eb) => ({ status: 'pending', locked_by: null, locked_until: null, run_at: now, updated_at: now, attempts: eb('attempts', '-', 1) }))
    .where('locked_by', '=', workerId)
    .where('status', '=', 'running');
  if (ids) {
    if (!ids.length) return 0;
    q = q.where('id', 'in', ids);
  }
  const r = await q.executeTakeFirst();
  return Number(r.numUpdatedRows);
}

/**
 * Deletes up to `limit` done jobs that were due before `before`, oldest first; returns how many.
 * Parked ('failed'), pending and running jobs are never touched. The ids are read first (an
 * index range on `jobs_due_idx`) and deleted by id, the one form the three engines share:
 * PostgreSQL has no `DELETE … LIMIT` and MariaDB refuses `LIMIT` in an `IN` subquery.
 */
export async function purgeDoneJobs(db: Executor, before: number, limit: number): Promise<number> {
  return purgeBatch(db, {
    table: 'jobs',
    key: 'id',
    where: [
      ['status', '=', 'done'],
      ['run_at', '<', before],
    ],
    orderBy: ['run_at', 'id'],
    limit,
  });
}

/** Running jobs and who holds them (to recover the jobs of a process that died on this host). */
export async function listRunningHolders(db: Executor): Promise<string[]> {
  const rows = await db.selectFrom('jobs').select('locked_by').distinct().where('status', '=', 'running').execute();
  return rows.map((r) => r.locked_by).filter((h): h is string => h !== null);
}

/** Releases every job held by a holder known to be dead. */
export async function releaseJobsOfHolder(db: Executor, holder: string, now: number): Promise<number> {
  const r = await db
    .updateTable('jobs')
    .set({ status: 'pending', locked_by: null, locked_until: null, run_at: now, updated_at: now })
    .where('locked_by', '=', holder)
    .where('status', '=', 'running')
    .executeTakeFirst();
  return Number(r.numUpdatedRows);
}

/** When the next pending job is due (to sleep exactly that long), or null. */
export async function nextDueAt(db: Executor): Promise<number | null> {
  const r = await db
    .selectFrom('jobs')
    .select((eb) => eb.fn.min('run_at').as('at'))
    .where('status', '=', 'pending')
    .executeTakeFirst();
  return r?.at == null ? null : Number(r.at);
}

export interface JobListItem {
  id: number;
  type: string;
  status: JobStatus;
  attempts: number;
  maxAttempts: number;
  runAt: number;
  lastError: string | null;
  createdAt: number;
  updatedAt: number;
}

/** Jobs an admin should look at: parked (failed) first, then pending and running ones. */
export async function listOpenJobs(db: Executor, limit: number): Promise<JobListItem[]> {
  const rows = await db
    .selectFrom('jobs')
    .select(['id', 'type', 'status', 'attempts', 'max_attempts', 'run_at', 'last_error', 'created_at', 'updated_at'])
    .where('status', 'in', ['failed', 'pending', 'running'])
    .orderBy('status')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
  const rank: Record<string, number> = { failed: 0, running: 1, pending: 2 };
  return rows
    .map((r) => ({
      id: r.id,
      type: r.type,
      status: r.status,
      attempts: r.attempts,
      maxAttempts: r.max_attempts,
      runAt: r.run_at,
      lastError: r.last_error,
      createdAt: r.created_at,
      updatedAt: r.updated_at,
    }))
    .sort((a, b) => (rank[a.status] ?? 9) - (rank[b.status] ?? 9) || b.id - a.id);
}

/** An admin's "Reintentar": a parked job runs again now, with a fresh count of attempts. */
export async function retryParkedJob(db: Executor, id: number, now: number): Promise<boolean> {
  const r = await db.updateTable('jobs').set({ status: 'pending', attempts: 0, run_at: now, last_error: null, updated_at: now }).where('id', '=', id).where('status', '=', 'failed').executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function countJobsByStatus(db: Executor): Promise<Record<JobStatus, number>> {
  const rows = await db
    .selectFrom('jobs')
    .select(['status', (eb) => eb.fn.countAll<number>().as('n')])
    .groupBy('status')
    .execute();
  const counts: Record<JobStatus, number> = { pending: 0, running: 0, done: 0, failed: 0 };
  for (const r of rows) counts[r.status] = Number(r.n);
  return counts;
}
