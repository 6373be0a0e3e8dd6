/**
 * Daily rollups for the summary: what the technician notifications of each day's tickets add up
 * to (sent, opened, response times). These are the costly figures — every notification of the
 * period, one index probe per ticket — so whole UTC days are read from `metrics_ticket_days`
 * instead. The tickets' own totals stay live (one covering-index range per day, cheap).
 *
 * A stored day must give exactly what the live query gives, yet tickets and notifications keep
 * changing after the day they were filed. Nothing on the write paths tells us (filing and the worker
 * must not pay for the dashboard), so every read checks fingerprints that only grow:
 * - the tickets of the day: count, count and sum of first actions (tickets are never deleted or
 *   re-dated; a first action is set once) — taken from the live per-day ticket totals;
 * - the notifications created each day since the period began: count, count with `sent_at`,
 *   count with `opened_at` (notifications are never deleted, are delivered once and opened once).
 * A day whose tickets' fingerprint moved is recomputed. A notification day whose counts moved is
 * traced to the ticket days it is about, which are dropped and recomputed when asked for.
 *
 * Assumption: a notification is not created more than a day before its ticket (it is created by
 * the fan-out after filing commits, on the same clock); notification days before that margin are
 * not checked.
 */
import type { Executor } from '../db/database';
import type { Span, TicketTotals } from './indicators.repository';
import { DAY_MS } from '../core/local-days';
import {
  computeTicketDay,
  deleteTicketDays,
  hasStoredTicketDays,
  lastNotificationDay,
  notificationDays,
  saveNotificationDays,
  saveTicketDays,
  storedNotificationDays,
  storedTicketDays,
  ticketDataDays,
  ticketDays,
  ticketDaysNotifiedIn,
  withRollupLock,
  type NotificationDay,
  type StoredTicketDay,
  type TicketDay,
} from './rollups.repository';

export interface NotificationFacts {
  sent: number;
  opened: number;
  /** Notified tickets with a first action, and the sum of their response times. */
  respondedTickets: number;
  responseMs: number;
}

export interface PeriodFacts {
  tickets: TicketTotals;
  notifications: NotificationFacts;
}

const MARGIN_DAYS = 1;
/** Days recomputed per write transaction, so a first build does not hold SQLite's writer for long. */
const DAYS_PER_WRITE = 31;

/** The whole UTC days inside a span, or null when it holds none. */
export function wholeDaysOf(span: Span): { first: number; last: number } | null {
  const first = Math.ceil(span.start / DAY_MS);
  const last = Math.floor(span.end / DAY_MS) - 1;
  return first <= last ? { first, last } : null;
}

export const emptyTicketTotals = (): TicketTotals => ({
  reported: 0,
  resolved: 0,
  cancelled: 0,
  resolutionMs: 0,
  withResolution: 0,
  firstResponseMs: 0,
  withFirstAction: 0,
});

/** Two sets of the same counts (every field a sum), added field by field. */
function addCounts<T extends { [K in keyof T]: number }>(a: T, b: T): T {
  const sum = { ...a };
  for (const key of Object.keys(b) as (keyof T)[]) sum[key] = (a[key] + b[key]) as T[keyof T];
  return sum;
}

export const addTicketTotals = (a: TicketTotals, b: TicketTotals): TicketTotals => addCounts(a, b);

export const addNotificationFacts = (a: NotificationFacts, b: NotificationFacts): NotificationFacts => addCounts(a, b);

const sameTickets = (stored: StoredTicketDay | undefined, live: TicketDay): boolean =>
  stored !== undefined && stored.tickets === live.totals.reported && stored.firstActions === live.totals.withFirstAction && stored.firstActionMs === live.totals.firstResponseMs;

const sameNotifications = (stored: NotificationDay | undefined, live: NotificationDay): boolean =>
  stored !== undefined && stored.notifications === live.notifications && stored.sent === live.sent && stored.opened === live.opened;

/** Consecutive days as [first, last] runs. */
function runsOf(days: number[]): [number, number][] {
  const runs: [number, number][] = [];
  for (const d of [...days].sort((a, b) => a - b)) {
    const run = runs[runs.length - 1];
    if (run && run[1] === d - 1) run[1] = d;
    else runs.push([d, d]);
  }
  return runs;
}

const emptyFacts = (): PeriodFacts => ({ tickets: emptyTicketTotals(), notifications: { sent: 0, opened: 0, respondedTickets: 0, responseMs: 0 } });

/** Lets other requests in between batches of rollup work (SQLite statements run on the event loop). */
const yieldToRequests = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Ticket totals and notification facts of the tickets registered on UTC days [first, last],
 * refreshing the stored days that changed. Equal to the live computation over the same span.
 * Only the days between the first and the last ticket are looked at, and a day without tickets is
 * neither computed nor stored (its facts are all zero): a period of ten empty years costs one query.
 */
export async function wholeDayFacts(db: Executor, requestedFirst: number, requestedLast: number): Promise<PeriodFacts> {
  const data = await ticketDataDays(db);
  const first = Math.max(requestedFirst, data?.first ?? Infinity);
  const last = Math.min(requestedLast, data?.last ?? -Infinity);
  if (!data || first > last) return emptyFacts();
  // Independent reads, in parallel where the driver has a pool (PostgreSQL, MariaDB).
  const [allDays, stored, newest] = await Promise.all([ticketDays(db, first, last), storedTicketDays(db, first, last), lastNotificationDay(db)]);
  const live = allDays.filter((t) => t.totals.reported > 0);
  const stale = new Set(live.filter((t) => !sameTickets(stored.get(t.day), t)).map((t) => t.day));

  const firstNotificationDay = first - MARGIN_DAYS;
  if (newest !== null && newest >= firstNotificationDay) {
    const [current, known] = await Promise.all([notificationDays(db, firstNotificationDay, newest), storedNotificationDays(db, firstNotificationDay, newest)]);
    const moved = current.filter((n) => !sameNotifications(known.get(n.day), n));
    if (moved.length > 0) {
      await withRollupLock(db, async (trx) => {
        // Every stored day with a notification on a day that moved may be out of date: drop it
        // before recording the new counts (recomputed below if in the period, later otherwise).
        if (await hasStoredTicketDays(trx)) {
          const touched = new Set<number>();
          for (const [a, b] of runsOf(moved.map((n) => n.day))) {
            for (const day of await ticketDaysNotifiedIn(trx, { start: a * DAY_MS, end: (b + 1) * DAY_MS })) touched.add(day);
          }
          await deleteTicketDays(trx, [...touched]);
          for (const day of touched) if (day >= first && day <= last) stale.add(day);
        }
        await saveNotificationDays(trx, moved);
      });
    }
  }

  const staleDays = [...stale].sort((a, b) => a - b);
  for (let i = 0; i < staleDays.length; i += DAYS_PER_WRITE) {
    if (i > 0) await yieldToRequests();
    await withRollupLock(db, async (trx) => {
      const rows: StoredTicketDay[] = [];
      for (const day of staleDays.slice(i, i + DAYS_PER_WRITE)) rows.push(await computeTicketDay(trx, day));
      await saveTicketDays(trx, rows);
    });
  }

  // Read back what is stored now; a day dropped meanwhile by another reader is computed live.
  const rows = await storedTicketDays(db, first, last);
  let tickets = emptyTicketTotals();
  let notifications: NotificationFacts = { sent: 0, opened: 0, respondedTickets: 0, responseMs: 0 };
  for (const t of live) {
    tickets = addTicketTotals(tickets, t.totals);
    const row = rows.get(t.day) ?? (await computeTicketDay(db, t.day));
    notifications = addNotificationFacts(notifications, { sent: row.sent, opened: row.opened, respondedTickets: row.responded, responseMs: row.responseMs });
  }
  return { tickets, notifications };
}
