/**
 * Operational counts read at scrape time (Prometheus) and by the health check: they come from
 * the database so every app instance reports the same numbers.
 */
import { sql } from 'kysely';
import type { Executor } from '../db/database';
import { num, numOrNull } from './indicators.repository';

export async function pingDatabase(db: Executor): Promise<void> {
  await sql`select 1`.execute(db);
}

export async function jobCounts(db: Executor): Promise<{ pending: number; failed: number }> {
  const r = await db
    .selectFrom('jobs')
    .select([sql<number>`SUM(CASE WHEN status = 'pending' THEN 1 ELSE 0 END)`.as('pending'), sql<number>`SUM(CASE WHEN status = 'failed' THEN 1 ELSE 0 END)`.as('failed')])
    .where('status', 'in', ['pending', 'failed'])
    .executeTakeFirstOrThrow();
  return { pending: num(r.pending), failed: num(r.failed) };
}

export async function ticketsCreatedCount(db: Executor): Promise<number> {
  const r = await db
    .selectFrom('tickets')
    .select(sql<number>`COUNT(*)`.as('n'))
    .executeTakeFirstOrThrow();
  return num(r.n);
}

/** Waiting and in-progress tickets (through the status index). */
export async function openTicketCounts(db: Executor): Promise<{ waiting: number; inProgress: number }> {
  const r = await db
    .selectFrom('tickets')
    .select([sql<number>`SUM(CASE WHEN status = 'registered' THEN 1 ELSE 0 END)`.as('waiting'), sql<number>`SUM(CASE WHEN status = 'in_progress' THEN 1 ELSE 0 END)`.as('in_progress')])
    .where('status', 'in', ['registered', 'in_progress'])
    .executeTakeFirstOrThrow();
  return { waiting: num(r.waiting), inProgress: num(r.in_progress) };
}

/** When a Telegram message was last delivered (any instance). */
export async function lastTelegramDelivery(db: Executor): Promise<number | null> {
  const r = await db.selectFrom('notifications').select('sent_at').where('channel', '=', 'telegram').where('status', '=', 'sent').orderBy('created_at', 'desc').limit(1).executeTakeFirst();
  return r ? numOrNull(r.sent_at) : null;
}

/** When a model last answered (any instance). */
export async function lastLlmSuccess(db: Executor): Promise<number | null> {
  const r = await db
    .selectFrom('llm_models')
    .select(sql<number>`MAX(last_success_at)`.as('at'))
    .executeTakeFirst();
  return r ? numOrNull(r.at) : null;
}
