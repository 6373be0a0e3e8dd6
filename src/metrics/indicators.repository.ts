/**
 * SQL behind the six indicators: one aggregate query per source table, computed in the database
 * (COUNT/SUM/AVG with conditions over an indexed time range) — never rows loaded into memory.
 * See README "Indicators and reports" for what each count means.
 */
import { sql, type Expression, type SqlBool } from 'kysely';
import type { Executor } from '../db/database';
import type { MetricsFilters } from './range';

export interface Span {
  start: number;
  end: number;
}

/** Numbers from the drivers: PostgreSQL and MariaDB may answer NUMERIC/DECIMAL, null for empty AVG. */
export const num = (v: unknown): number => (v === null || v === undefined ? 0 : Number(v));
export const numOrNull = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

/** `tickets.office_id = ? AND tickets.category_id = ?` for the filters that are set. */
export function ticketFilterSql(filters: MetricsFilters, alias = 'tickets'): Expression<SqlBool> {
  const parts = [sql<SqlBool>`1 = 1`];
  if (filters.officeId !== undefined) parts.push(sql<SqlBool>`${sql.ref(`${alias}.office_id`)} = ${filters.officeId}`);
  if (filters.categoryId !== undefined) parts.push(sql<SqlBool>`${sql.ref(`${alias}.category_id`)} = ${filters.categoryId}`);
  return sql<SqlBool>`${sql.join(parts, sql` AND `)}`;
}

const hasTicketFilter = (f: MetricsFilters) => f.officeId !== undefined || f.categoryId !== undefined;

export interface TicketTotals {
  reported: number;
  resolved: number;
  cancelled: number;
  /** Sum of registration → resolution of the resolved tickets, and how many had a resolution time. */
  resolutionMs: number;
  withResolution: number;
  /** Sum of registration → first action, over the tickets with a first action. */
  firstResponseMs: number;
  /** Tickets (of those reported) with a first action, behind the first-response mean. */
  withFirstAction: number;
}

/**
 * The columns of `TicketTotals` over the tickets a query selects. Sums, not means, so that
 * periods computed apart (rollup days and the partial days around them) add up exactly.
 */
export const ticketTotalsSelection = [
  sql<number>`COUNT(*)`.as('reported'),
  sql<number>`SUM(CASE WHEN status = 'resolved' THEN 1 ELSE 0 END)`.as('resolved'),
  sql<number>`SUM(CASE WHEN status = 'cancelled' THEN 1 ELSE 0 END)`.as('cancelled'),
  sql<number>`SUM(CASE WHEN status = 'resolved' THEN resolved_at - created_at END)`.as('resolution_ms'),
  sql<number>`COUNT(CASE WHEN status = 'resolved' THEN resolved_at END)`.as('with_resolution'),
  sql<number>`SUM(first_action_at - created_at)`.as('first_response_ms'),
  sql<number>`COUNT(first_action_at)`.as('with_first_action'),
];

export function toTicketTotals(r: Record<string, unknown>): TicketTotals {
  return {
    reported: num(r.reported),
    resolved: num(r.resolved),
    cancelled: num(r.cancelled),
    resolutionMs: num(r.resolution_ms),
    withResolution: num(r.with_resolution),
    firstResponseMs: num(r.first_response_ms),
    withFirstAction: num(r.with_first_action),
  };
}

/** Tickets reported in the span, and what has become of them. */
export async function ticketTotals(db: Executor, span: Span, filters: MetricsFilters): Promise<TicketTotals> {
  const r = await db
    .selectFrom('tickets')
    .select(ticketTotalsSelection)
    .where('created_at', '>=', span.start)
    .where('created_at', '<', span.end)
    .where(ticketFilterSql(filters))
    .executeTakeFirstOrThrow();
  return toTicketTotals(r);
}

export interface AssistantTotals {
  interactions: number;
  answered: number;
}

/** Interactions in the span; answered = by the model or the FAQ without offering a ticket. */
export async function assistantTotals(db: Executor, span: Span): Promise<AssistantTotals> {
  const r = await db
    .selectFrom('assistant_interactions')
    .select([sql<number>`COUNT(*)`.as('interactions'), sql<number>`SUM(CASE WHEN source IN ('llm', 'faq') AND escalated = 0 THEN 1 ELSE 0 END)`.as('answered')])
    .where('created_at', '>=', span.start)
    .where('created_at', '<', span.end)
    .executeTakeFirstOrThrow();
  return { interactions: num(r.interactions), answered: num(r.answered) };
}

export interface NotificationTotals {
  sent: number;
  opened: number;
}

/**
 * Technician notifications delivered about the tickets reported in the span; opened = link
 * followed or button pressed. Driven from the tickets (registration-time index), each ticket's
 * messages read from a covering index: fast for a month of a million-ticket history.
 */
export async function notificationTotals(db: Executor, span: Span, filters: MetricsFilters): Promise<NotificationTotals> {
  const r = await db
    .selectFrom('tickets')
    .innerJoin('notifications', 'notifications.ticket_id', 'tickets.id')
    .select([sql<number>`COUNT(*)`.as('sent'), sql<number>`COUNT(notifications.opened_at)`.as('opened')])
    .where('tickets.created_at', '>=', span.start)
    .where('tickets.created_at', '<', span.end)
    .where(ticketFilterSql(filters))
    .where('notifications.status', '=', 'sent')
    .where('notifications.user_id', 'is not', null)
    .executeTakeFirstOrThrow();
  return { sent: num(r.sent), opened: num(r.opened) };
}

export interface ResponseTimeTotals {
  /** Notified tickets that have had a first action. */
  tickets: number;
  /** Sum of their response times. */
  responseMs: number;
}

/**
 * Technician response time: per ticket reported in the span and notified, from its first
 * delivered notification to its first action (0 when a technician acted before the message
 * arrived, e.g. from the web queue).
 */
export async function responseTimeTotals(db: Executor, span: Span, filters: MetricsFilters): Promise<ResponseTimeTotals> {
  // A correlated MIN per ticket (one probe of the covering index each) rather than a join and
  // GROUP BY, which SQLite without statistics plans as a scan of every notification.
  const perTicket = db
    .selectFrom('tickets')
    .select([
      'tickets.first_action_at as first_action',
      (eb) =>
        eb
          .selectFrom('notifications')
          .select(sql<number>`MIN(COALESCE(notifications.sent_at, notifications.created_at))`.as('m'))
          .whereRef('notifications.ticket_id', '=', 'tickets.id')
          .where('notifications.status', '=', 'sent')
          .where('notifications.user_id', 'is not', null)
          .as('first_sent'),
    ])
    .where('tickets.created_at', '>=', span.start)
    .where('tickets.created_at', '<', span.end)
    .where('tickets.first_action_at', 'is not', null)
    .where(ticketFilterSql(filters))
    // A LIMIT keeps SQLite from flattening this subquery into the outer one, which would run the
    // correlated MIN once per reference to `first_sent` (three times a row).
    .limit(Number.MAX_SAFE_INTEGER)
    .as('f');
  const r = await db
    .selectFrom(perTicket)
    .select([sql<number>`COUNT(*)`.as('tickets'), sql<number>`SUM(CASE WHEN f.first_action > f.first_sent THEN f.first_action - f.first_sent ELSE 0 END)`.as('response_ms')])
    .where('f.first_sent', 'is not', null)
    .executeTakeFirstOrThrow();
  return { tickets: num(r.tickets), responseMs: num(r.response_ms) };
}

export interface SatisfactionTotals {
  responses: number;
  averageScore: number | null;
}

/** Survey answers given in the span (1–5). */
export async function satisfactionTotals(db: Executor, span: Span, filters: MetricsFilters): Promise<SatisfactionTotals> {
  let q = db
    .selectFrom('ticket_surveys')
    .select([sql<number>`COUNT(*)`.as('responses'), sql<number>`AVG(ticket_surveys.score * 1.0)`.as('avg_score')])
    .where('ticket_surveys.created_at', '>=', span.start)
    .where('ticket_surveys.created_at', '<', span.end);
  if (hasTicketFilter(filters)) q = q.innerJoin('tickets', 'tickets.id', 'ticket_surveys.ticket_id').where(ticketFilterSql(filters));
  const r = await q.executeTakeFirstOrThrow();
  return { responses: num(r.responses), averageScore: numOrNull(r.avg_score) };
}

export interface ConversationTotals {
  /** Tickets reported in the span that the requester reopened at least once. */
  reopened: number;
  /** Over the resolved tickets (as `resolutionMs`): time spent waiting for the requester. */
  waitingMs: number;
  /** Resolved tickets that waited for the requester at least once. */
  waited: number;
}

/**
 * Reopenings and time waiting for the requester, over the tickets reported in the span. Always
 * live (the daily rollups predate the conversation; one aggregate over the registration index).
 */
export async function conversationTotals(db: Executor, span: Span, filters: MetricsFilters): Promise<ConversationTotals> {
  const r = await db
    .selectFrom('tickets')
    .select([
      sql<number>`SUM(CASE WHEN EXISTS (SELECT 1 FROM ticket_events e WHERE e.ticket_id = tickets.id AND e.type = 'reopened') THEN 1 ELSE 0 END)`.as('reopened'),
      sql<number>`SUM(CASE WHEN status = 'resolved' THEN waiting_ms ELSE 0 END)`.as('waiting_ms'),
      sql<number>`SUM(CASE WHEN status = 'resolved' AND waiting_ms > 0 THEN 1 ELSE 0 END)`.as('waited'),
    ])
    .where('created_at', '>=', span.start)
    .where('created_at', '<', span.end)
    .where(ticketFilterSql(filters))
    .executeTakeFirstOrThrow();
  return { reopened: num(r.reopened), waitingMs: num(r.waiting_ms), waited: num(r.waited) };
}
