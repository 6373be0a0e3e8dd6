/**
 * SQL behind the summary's daily rollups (see rollups.ts for when a stored day is trusted).
 * Days are UTC days numbered `floor(ms / 86,400,000)`.
 */
import { SqliteAdapter, sql, type SelectQueryBuilder } from 'kysely';
import type { Executor } from '../db/database';
import type { DB } from '../db/schema';
import { num, notificationTotals, responseTimeTotals, ticketTotalsSelection, toTicketTotals, type Span, type TicketTotals } from './indicators.repository';
import { DAY_MS } from '../core/local-days';

/** Days per statement: a month of index ranges, 62 parameters. */
const DAYS_PER_STATEMENT = 31;

export const daySpan = (day: number): Span => ({ start: day * DAY_MS, end: (day + 1) * DAY_MS });

function daysFrom(first: number, last: number): number[] {
  const days: number[] = [];
  for (let d = first; d <= last; d++) days.push(d);
  return days;
}

/**
 * Runs `query` once per day of [first, last] and returns its row per day. SQLite: one index range
 * per day, a month of days to a statement (`UNION ALL`) — grouping by a computed day would sort
 * every row of the period first. PostgreSQL and MariaDB: one `GROUP BY` on the day, which they
 * aggregate by hashing (and a 31-branch statement would be planned anew on every call).
 */
async function perDay<O>(db: Executor, first: number, last: number, column: 'created_at', query: (span: Span) => SelectQueryBuilder<DB, 'tickets' | 'notifications', O>): Promise<Map<number, O>> {
  const out = new Map<number, O>();
  const put = (rows: unknown[]) => {
    for (const r of rows as (O & { day: unknown })[]) out.set(Number(r.day), r);
  };
  if (!(db.getExecutor().adapter instanceof SqliteAdapter)) {
    const day = sql<number>`(${sql.ref(column)} - ${sql.ref(column)} % ${sql.lit(DAY_MS)}) / ${sql.lit(DAY_MS)}`;
    put(
      await query({ start: first * DAY_MS, end: (last + 1) * DAY_MS })
        .select(day.as('day'))
        .groupBy(day)
        .execute(),
    );
    return out;
  }
  const days = daysFrom(first, last);
  for (let i = 0; i < days.length; i += DAYS_PER_STATEMENT) {
    const chunk = days.slice(i, i + DAYS_PER_STATEMENT);
    // The day as a text parameter, which every engine accepts in a select list of a UNION.
    const branch = (d: number) => query(daySpan(d)).select(sql<string>`${String(d)}`.as('day'));
    let q = branch(chunk[0]!);
    for (const d of chunk.slice(1)) q = q.unionAll(branch(d));
    put(await q.execute());
  }
  return out;
}

export interface TicketDay {
  day: number;
  totals: TicketTotals;
}

/**
 * Per day of [first, last], the totals of the tickets registered that day. `reported`,
 * `withFirstAction` and `firstResponseMs` double as the day's fingerprint: tickets are never
 * deleted, never re-dated, and a first action is set once, so any change to the tickets behind a
 * stored day changes one of them.
 */
export async function ticketDays(db: Executor, first: number, last: number): Promise<TicketDay[]> {
  const rows = await perDay(db, first, last, 'created_at', (span) => db.selectFrom('tickets').select(ticketTotalsSelection).where('created_at', '>=', span.start).where('created_at', '<', span.end));
  return daysFrom(first, last).map((day) => ({ day, totals: toTicketTotals(rows.get(day) ?? {}) }));
}

export interface NotificationDay {
  day: number;
  notifications: number;
  sent: number;
  opened: number;
}

/** Per day of [first, last], counts over the notifications created that day (see the migration). */
export async function notificationDays(db: Executor, first: number, last: number): Promise<NotificationDay[]> {
  const rows = await perDay(db, first, last, 'created_at', (span) =>
    db
      .selectFrom('notifications')
      .select([sql<number>`COUNT(*)`.as('notifications'), sql<number>`COUNT(sent_at)`.as('sent'), sql<number>`COUNT(opened_at)`.as('opened')])
      .where('created_at', '>=', span.start)
      .where('created_at', '<', span.end),
  );
  return daysFrom(first, last).map((day) => {
    const r = rows.get(day);
    return { day, notifications: num(r?.notifications), sent: num(r?.sent), opened: num(r?.opened) };
  });
}

/** The UTC days of the first and the last ticket, null when there are none (the span that holds data). */
export async function ticketDataDays(db: Executor): Promise<{ first: number; last: number } | null> {
  const r = await db
    .selectFrom('tickets')
    .select((eb) => [eb.fn.min('created_at').as('first'), eb.fn.max('created_at').as('last')])
    .executeTakeFirst();
  if (r?.first === null || r?.first === undefined || r.last === null || r.last === undefined) return null;
  return { first: Math.floor(Number(r.first) / DAY_MS), last: Math.floor(Number(r.last) / DAY_MS) };
}

/** The day of the newest notification, null when there are none. */
export async function lastNotificationDay(db: Executor): Promise<number | null> {
  const r = await db
    .selectFrom('notifications')
    .select((eb) => eb.fn.max('created_at').as('t'))
    .executeTakeFirst();
  return r?.t === null || r?.t === undefined ? null : Math.floor(Number(r.t) / DAY_MS);
}

/** The registration days of the tickets that notifications created in the span are about. */
export async function ticketDaysNotifiedIn(db: Executor, span: Span): Promise<number[]> {
  const rows = await db
    .selectFrom('notifications')
    .innerJoin('tickets', 'tickets.id', 'notifications.ticket_id')
    .select(sql<number>`tickets.created_at - tickets.created_at % ${sql.lit(DAY_MS)}`.as('day_start'))
    .distinct()
    .where('notifications.created_at', '>=', span.start)
    .where('notifications.created_at', '<', span.end)
    .execute();
  return rows.map((r) => Math.floor(Number(r.day_start) / DAY_MS));
}

export interface StoredTicketDay {
  day: number;
  tickets: number;
  firstActions: number;
  firstActionMs: number;
  sent: number;
  opened: number;
  responded: number;
  responseMs: number;
}

export async function storedTicketDays(db: Executor, first: number, last: number): Promise<Map<number, StoredTicketDay>> {
  const rows = await db.selectFrom('metrics_ticket_days').selectAll().where('day', '>=', first).where('day', '<=', last).execute();
  return new Map(
    rows.map((r) => [
      Number(r.day),
      {
        day: Number(r.day),
        tickets: num(r.tickets),
        firstActions: num(r.first_actions),
        firstActionMs: num(r.first_action_ms),
        sent: num(r.sent),
        opened: num(r.opened),
        responded: num(r.responded),
        responseMs: num(r.response_ms),
      },
    ]),
  );
}

export async function hasStoredTicketDays(db: Executor): Promise<boolean> {
  return (await db.selectFrom('metrics_ticket_days').select('day').limit(1).executeTakeFirst()) !== undefined;
}

export async function storedNotificationDays(db: Executor, first: number, last: number): Promise<Map<number, NotificationDay>> {
  const rows = await db.selectFrom('metrics_notification_days').selectAll().where('day', '>=', first).where('day', '<=', last).execute();
  return new Map(rows.map((r) => [Number(r.day), { day: Number(r.day), notifications: num(r.notifications), sent: num(r.sent), opened: num(r.opened) }]));
}

/**
 * Computes one day's row from the live tables. The fingerprint is read first: a ticket changed
 * between the two reads leaves a stored fingerprint older than the figures, which only makes the
 * day look stale next time (never the reverse).
 */
export async function computeTicketDay(db: Executor, day: number): Promise<StoredTicketDay> {
  const [fingerprint] = await ticketDays(db, day, day);
  const span = daySpan(day);
  const notifications = await notificationTotals(db, span, {});
  const response = await responseTimeTotals(db, span, {});
  return {
    day,
    tickets: fingerprint!.totals.reported,
    firstActions: fingerprint!.totals.withFirstAction,
    firstActionMs: fingerprint!.totals.firstResponseMs,
    sent: notifications.sent,
    opened: notifications.opened,
    responded: response.tickets,
    responseMs: response.responseMs,
  };
}

/** Runs `write` in a transaction that first takes the rollup lock row: rollup writers take turns. */
export async function withRollupLock<T>(db: Executor, write: (trx: Executor) => Promise<T>): Promise<T> {
  const locked = async (trx: Executor) => {
    await trx
      .updateTable('metrics_rollup_lock')
      .set((eb) => ({ version: eb('version', '+', 1) }))
      .where('id', '=', 1)
      .execute();
    return write(trx);
  };
  return db.isTransaction ? locked(db) : db.transaction().execute(locked);
}

const BATCH = 500;

export async function deleteTicketDays(db: Executor, days: number[]): Promise<void> {
  for (let i = 0; i < days.length; i += BATCH) {
    await db
      .deleteFrom('metrics_ticket_days')
      .where('day', 'in', days.slice(i, i + BATCH))
      .execute();
  }
}

export async function saveTicketDays(db: Executor, rows: StoredTicketDay[]): Promise<void> {
  await deleteTicketDays(
    db,
    rows.map((r) => r.day),
  );
  for (let i = 0; i < rows.length; i += BATCH) {
    await db
      .insertInto('metrics_ticket_days')
      .values(
        rows.slice(i, i + BATCH).map((r) => ({
          day: r.day,
          tickets: r.tickets,
          first_actions: r.firstActions,
          first_action_ms: r.firstActionMs,
          sent: r.sent,
          opened: r.opened,
          responded: r.responded,
          response_ms: r.responseMs,
        })),
      )
      .execute();
  }
}

export async function saveNotificationDays(db: Executor, rows: NotificationDay[]): Promise<void> {
  for (let i = 0; i < rows.length; i += BATCH) {
    const batch = rows.slice(i, i + BATCH);
    await db
      .deleteFrom('metrics_notification_days')
      .where(
        'day',
        'in',
        batch.map((r) => r.day),
      )
      .execute();
    await db.insertInto('metrics_notification_days').values(batch).execute();
  }
}
