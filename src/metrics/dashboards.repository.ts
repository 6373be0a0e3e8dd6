/**
 * SQL behind the dashboards: per-local-day series and breakdowns, all aggregated in the database.
 * Per-day series group by `floor((t + offset) / day)` within each constant-offset segment of the
 * range (see local-days.ts), so days are local days even across a daylight-saving change.
 */
import { sql, type RawBuilder } from 'kysely';
import type { DialectName, Executor } from '../db/database';
import { DAY_MS, dateOfDayNumber, offsetSegments } from '../core/local-days';
import { num, numOrNull, ticketFilterSql, ticketTotalsSelection, toTicketTotals, type Span, type TicketTotals } from './indicators.repository';
import type { MetricsFilters, MetricsRange } from './range';

/** The local epoch-day number of a time column, for one offset. */
function dayNumber(dialect: DialectName, column: string, offsetMs: number): RawBuilder<number> {
  const shifted = sql`(${sql.ref(column)} + ${sql.lit(offsetMs)})`;
  if (dialect === 'mysql') return sql<number>`(${shifted} DIV ${sql.lit(DAY_MS)})`;
  if (dialect === 'sqlite') return sql<number>`CAST(${shifted} / ${sql.lit(DAY_MS)} AS INTEGER)`;
  return sql<number>`(${shifted} / ${sql.lit(DAY_MS)})`;
}

type DayRow = Record<string, unknown> & { day: unknown };

/**
 * Runs a per-day grouped query once per offset segment and merges rows by local date.
 * `query(span, dayExpr)` must select `dayExpr as day` and group by it.
 */
async function perDay(range: MetricsRange, query: (span: Span, day: (dialect: DialectName, column: string) => RawBuilder<number>) => Promise<DayRow[]>): Promise<Map<string, DayRow>> {
  const out = new Map<string, DayRow>();
  for (const seg of offsetSegments(range.start, range.end, range.timeZone)) {
    const rows = await query({ start: seg.start, end: seg.end }, (dialect, column) => dayNumber(dialect, column, seg.offsetMs));
    for (const r of rows) {
      const date = dateOfDayNumber(Number(r.day));
      const prev = out.get(date);
      // A day cut by an offset change appears in two segments: counts add up, means are weighted.
      out.set(date, prev ? mergeDayRows(prev, r) : r);
    }
  }
  return out;
}

function mergeDayRows(a: DayRow, b: DayRow): DayRow {
  const merged: DayRow = { day: a.day };
  const weight = (r: DayRow) => num(r.n);
  for (const key of Object.keys(a)) {
    if (key === 'day') continue;
    if (key.startsWith('avg_')) {
      const wa = weight(a);
      const wb = weight(b);
      const va = numOrNull(a[key]);
      const vb = numOrNull(b[key]);
      merged[key] = va === null ? vb : vb === null ? va : (va * wa + vb * wb) / Math.max(1, wa + wb);
    } else merged[key] = num(a[key]) + num(b[key]);
  }
  return merged;
}

export interface DailyTickets {
  date: string;
  reported: number;
  resolved: number;
  /** Mean minutes to first action of the tickets reported that day. */
  avgFirstResponseMinutes: number | null;
  /** Mean minutes from registration to resolution of the tickets resolved that day. */
  avgResolutionMinutes: number | null;
}

/** Tickets reported per local day, and tickets resolved per local day (whenever reported). */
export async function dailyTickets(db: Executor, dialect: DialectName, range: MetricsRange, filters: MetricsFilters): Promise<Map<string, DailyTickets>> {
  const reported = await perDay(
    range,
    (span, day) =>
      db
        .selectFrom('tickets')
        .select([day(dialect, 'created_at').as('day'), sql<number>`COUNT(*)`.as('n'), sql<number>`AVG(first_action_at - created_at)`.as('avg_first')])
        .where('created_at', '>=', span.start)
        .where('created_at', '<', span.end)
        .where(ticketFilterSql(filters))
        .groupBy(sql`1`)
        .execute() as Promise<DayRow[]>,
  );
  const resolved = await perDay(
    range,
    (span, day) =>
      db
        .selectFrom('tickets')
        .select([day(dialect, 'resolved_at').as('day'), sql<number>`COUNT(*)`.as('n'), sql<number>`AVG(resolved_at - created_at)`.as('avg_resolution')])
        .where('resolved_at', '>=', span.start)
        .where('resolved_at', '<', span.end)
        .where('status', '=', 'resolved')
        .where(ticketFilterSql(filters))
        .groupBy(sql`1`)
        .execute() as Promise<DayRow[]>,
  );
  const out = new Map<string, DailyTickets>();
  const at = (date: string) => {
    let d = out.get(date);
    if (!d) {
      d = { date, reported: 0, resolved: 0, avgFirstResponseMinutes: null, avgResolutionMinutes: null };
      out.set(date, d);
    }
    return d;
  };
  for (const [date, r] of reported) {
    const d = at(date);
    d.reported = num(r.n);
    const first = numOrNull(r.avg_first);
    d.avgFirstResponseMinutes = first === null ? null : first / 60_000;
  }
  for (const [date, r] of resolved) {
    const d = at(date);
    d.resolved = num(r.n);
    const res = numOrNull(r.avg_resolution);
    d.avgResolutionMinutes = res === null ? null : res / 60_000;
  }
  return out;
}

/**
 * The month's cohort day by day: the `TicketTotals` of the tickets registered on each local day
 * (resolved = of those, resolved by now, whenever that happened). Same columns as the summary's
 * ticket totals, so the days of a period add up exactly to its headline.
 */
export async function dailyTicketCohorts(db: Executor, dialect: DialectName, range: MetricsRange, filters: MetricsFilters): Promise<Map<string, TicketTotals>> {
  const rows = await perDay(
    range,
    (span, day) =>
      db
        .selectFrom('tickets')
        .select([day(dialect, 'created_at').as('day'), ...ticketTotalsSelection])
        .where('created_at', '>=', span.start)
        .where('created_at', '<', span.end)
        .where(ticketFilterSql(filters))
        .groupBy(sql`1`)
        .execute() as Promise<DayRow[]>,
  );
  return new Map([...rows].map(([date, r]) => [date, toTicketTotals(r)]));
}

export interface Breakdown {
  id: number | null;
  name: string;
  reported: number;
  resolved: number;
  avgResolutionMinutes: number | null;
  avgFirstResponseMinutes: number | null;
}

const minutes = (v: unknown) => {
  const ms = numOrNull(v);
  return ms === null ? null : ms / 60_000;
};

/** Tickets reported in the span per category, office or assignee (most tickets first). */
export async function ticketBreakdown(db: Executor, by: 'category' | 'office' | 'technician', span: Span, filters: MetricsFilters, limit = 100): Promise<Breakdown[]> {
  const base = db.selectFrom('tickets').where('tickets.created_at', '>=', span.start).where('tickets.created_at', '<', span.end).where(ticketFilterSql(filters));
  const aggregates = [
    sql<number>`COUNT(*)`.as('reported'),
    sql<number>`SUM(CASE WHEN tickets.status = 'resolved' THEN 1 ELSE 0 END)`.as('resolved'),
    sql<number>`AVG(CASE WHEN tickets.status = 'resolved' THEN tickets.resolved_at - tickets.created_at END)`.as('avg_resolution'),
    sql<number>`AVG(tickets.first_action_at - tickets.created_at)`.as('avg_first'),
  ] as const;
  let rows: { id: number | null; name: string | null; reported: unknown; resolved: unknown; avg_resolution: unknown; avg_first: unknown }[];
  if (by === 'category') {
    rows = await base
      .innerJoin('categories', 'categories.id', 'tickets.category_id')
      .select(['categories.id as id', 'categories.name as name', ...aggregates])
      .groupBy(['categories.id', 'categories.name'])
      .orderBy(sql`COUNT(*)`, 'desc')
      .orderBy('categories.name')
      .limit(limit)
      .execute();
  } else if (by === 'office') {
    rows = await base
      .innerJoin('offices', 'offices.id', 'tickets.office_id')
      .select(['offices.id as id', 'offices.name as name', ...aggregates])
      .groupBy(['offices.id', 'offices.name'])
      .orderBy(sql`COUNT(*)`, 'desc')
      .orderBy('offices.name')
      .limit(limit)
      .execute();
  } else {
    rows = await base
      .innerJoin('users', 'users.id', 'tickets.assignee_id')
      .select(['users.id as id', 'users.full_name as name', ...aggregates])
      .groupBy(['users.id', 'users.full_name'])
      .orderBy(sql`COUNT(*)`, 'desc')
      .orderBy('users.full_name')
      .limit(limit)
      .execute();
  }
  return rows.map((r) => ({
    id: r.id,
    name: r.name ?? '',
    reported: num(r.reported),
    resolved: num(r.resolved),
    avgResolutionMinutes: minutes(r.avg_resolution),
    avgFirstResponseMinutes: minutes(r.avg_first),
  }));
}

export interface BacklogAges {
  waiting: number;
  inProgress: number;
  /** Waiting tickets by time since registration: < 1 h, 1–4 h, 4–24 h, 1–3 d, 3–7 d, > 7 d. */
  ages: number[];
}

export const BACKLOG_AGE_LIMITS_HOURS = [1, 4, 24, 72, 168];

/** The queue now: waiting tickets by age, and tickets in progress (filters apply, the range does not). */
export async function backlogAges(db: Executor, now: number, filters: MetricsFilters): Promise<BacklogAges> {
  const limits = BACKLOG_AGE_LIMITS_HOURS.map((h) => now - h * 3_600_000);
  const buckets = [
    sql<number>`SUM(CASE WHEN status = 'registered' AND queued_at > ${limits[0]!} THEN 1 ELSE 0 END)`.as('a0'),
    ...limits.slice(1).map((lim, i) => sql<number>`SUM(CASE WHEN status = 'registered' AND queued_at > ${lim} AND queued_at <= ${limits[i]!} THEN 1 ELSE 0 END)`.as(`a${i + 1}`)),
    sql<number>`SUM(CASE WHEN status = 'registered' AND queued_at <= ${limits[limits.length - 1]!} THEN 1 ELSE 0 END)`.as('a5'),
  ];
  const r = (await db
    .selectFrom('tickets')
    .select([sql<number>`SUM(CASE WHEN status = 'registered' THEN 1 ELSE 0 END)`.as('waiting'), sql<number>`SUM(CASE WHEN status = 'in_progress' THEN 1 ELSE 0 END)`.as('in_progress'), ...buckets])
    .where('status', 'in', ['registered', 'in_progress'])
    .where(ticketFilterSql(filters))
    .executeTakeFirstOrThrow()) as Record<string, unknown>;
  return { waiting: num(r.waiting), inProgress: num(r.in_progress), ages: [0, 1, 2, 3, 4, 5].map((i) => num(r[`a${i}`])) };
}

export interface DailyNotifications {
  date: string;
  sent: number;
  opened: number;
}

/** Technician notifications delivered per local day (by creation), and how many were opened. */
export async function dailyNotifications(db: Executor, dialect: DialectName, range: MetricsRange, filters: MetricsFilters): Promise<Map<string, DailyNotifications>> {
  const hasFilter = filters.officeId !== undefined || filters.categoryId !== undefined;
  const rows = await perDay(range, (span, day) => {
    let q = db
      .selectFrom('notifications')
      .select([day(dialect, 'notifications.created_at').as('day'), sql<number>`COUNT(*)`.as('n'), sql<number>`COUNT(notifications.opened_at)`.as('opened')])
      .where('notifications.status', '=', 'sent')
      .where('notifications.user_id', 'is not', null)
      .where('notifications.created_at', '>=', span.start)
      .where('notifications.created_at', '<', span.end);
    if (hasFilter) q = q.innerJoin('tickets', 'tickets.id', 'notifications.ticket_id').where(ticketFilterSql(filters));
    return q.groupBy(sql`1`).execute() as Promise<DayRow[]>;
  });
  return new Map([...rows].map(([date, r]) => [date, { date, sent: num(r.n), opened: num(r.opened) }]));
}

export interface TechnicianNotifications {
  userId: number;
  name: string;
  sent: number;
  opened: number;
  /** Mean minutes from delivery to opening, of the opened ones. */
  avgOpenMinutes: number | null;
}

/** Per technician: notifications delivered in the span and opened (most unopened first). */
export async function notificationsByTechnician(db: Executor, span: Span, filters: MetricsFilters): Promise<TechnicianNotifications[]> {
  const hasFilter = filters.officeId !== undefined || filters.categoryId !== undefined;
  let q = db
    .selectFrom('notifications')
    .innerJoin('users', 'users.id', 'notifications.user_id')
    .select([
      'users.id as id',
      'users.full_name as name',
      sql<number>`COUNT(*)`.as('sent'),
      sql<number>`COUNT(notifications.opened_at)`.as('opened'),
      sql<number>`AVG(notifications.opened_at - COALESCE(notifications.sent_at, notifications.created_at))`.as('avg_open'),
    ])
    .where('notifications.status', '=', 'sent')
    .where('notifications.created_at', '>=', span.start)
    .where('notifications.created_at', '<', span.end);
  if (hasFilter) q = q.innerJoin('tickets', 'tickets.id', 'notifications.ticket_id').where(ticketFilterSql(filters));
  const rows = await q.groupBy(['users.id', 'users.full_name']).orderBy('users.full_name').execute();
  return rows
    .map((r) => ({ userId: r.id, name: r.name, sent: num(r.sent), opened: num(r.opened), avgOpenMinutes: minutes(r.avg_open) }))
    .sort((a, b) => b.sent - b.opened - (a.sent - a.opened) || a.name.localeCompare(b.name));
}

/** Opened notifications by how: the tracked link or the Telegram button. */
export async function openedVia(db: Executor, span: Span, filters: MetricsFilters): Promise<{ link: number; button: number }> {
  const hasFilter = filters.officeId !== undefined || filters.categoryId !== undefined;
  let q = db
    .selectFrom('notifications')
    .select([
      sql<number>`SUM(CASE WHEN notifications.opened_via = 'link' THEN 1 ELSE 0 END)`.as('link'),
      sql<number>`SUM(CASE WHEN notifications.opened_via = 'button' THEN 1 ELSE 0 END)`.as('button'),
    ])
    .where('notifications.status', '=', 'sent')
    .where('notifications.user_id', 'is not', null)
    .where('notifications.created_at', '>=', span.start)
    .where('notifications.created_at', '<', span.end);
  if (hasFilter) q = q.innerJoin('tickets', 'tickets.id', 'notifications.ticket_id').where(ticketFilterSql(filters));
  const r = await q.executeTakeFirstOrThrow();
  return { link: num(r.link), button: num(r.button) };
}

export interface DailyAssistant {
  date: string;
  interactions: number;
  answered: number;
}

export async function dailyAssistant(db: Executor, dialect: DialectName, range: MetricsRange): Promise<Map<string, DailyAssistant>> {
  const rows = await perDay(
    range,
    (span, day) =>
      db
        .selectFrom('assistant_interactions')
        .select([day(dialect, 'created_at').as('day'), sql<number>`COUNT(*)`.as('n'), sql<number>`SUM(CASE WHEN source IN ('llm', 'faq') AND escalated = 0 THEN 1 ELSE 0 END)`.as('answered')])
        .where('created_at', '>=', span.start)
        .where('created_at', '<', span.end)
        .groupBy(sql`1`)
        .execute() as Promise<DayRow[]>,
  );
  return new Map([...rows].map(([date, r]) => [date, { date, interactions: num(r.n), answered: num(r.answered) }]));
}

export interface AssistantByModel {
  source: 'llm' | 'faq' | 'none';
  model: string | null;
  interactions: number;
  answered: number;
  avgLatencyMs: number | null;
  helpful: number;
  notHelpful: number;
}

/** Interactions per answering source and model. */
export async function assistantByModel(db: Executor, span: Span): Promise<AssistantByModel[]> {
  const rows = await db
    .selectFrom('assistant_interactions')
    .select([
      'source',
      'model',
      sql<number>`COUNT(*)`.as('n'),
      sql<number>`SUM(CASE WHEN escalated = 0 AND source <> 'none' THEN 1 ELSE 0 END)`.as('answered'),
      sql<number>`AVG(latency_ms)`.as('avg_latency'),
      sql<number>`SUM(CASE WHEN helpful = 1 THEN 1 ELSE 0 END)`.as('helpful'),
      sql<number>`SUM(CASE WHEN helpful = 0 THEN 1 ELSE 0 END)`.as('not_helpful'),
    ])
    .where('created_at', '>=', span.start)
    .where('created_at', '<', span.end)
    .groupBy(['source', 'model'])
    .orderBy(sql`COUNT(*)`, 'desc')
    .execute();
  return rows.map((r) => ({
    source: r.source,
    model: r.model,
    interactions: num(r.n),
    answered: num(r.answered),
    avgLatencyMs: numOrNull(r.avg_latency),
    helpful: num(r.helpful),
    notHelpful: num(r.not_helpful),
  }));
}

export interface FilterOption {
  id: number;
  name: string;
}

/** Offices and categories for the filter form (inactive ones too: old tickets still have them). */
export async function filterOptions(db: Executor): Promise<{ offices: FilterOption[]; categories: FilterOption[] }> {
  const offices = await db.selectFrom('offices').select(['id', 'name']).orderBy('name').execute();
  const categories = await db.selectFrom('categories').select(['id', 'name']).orderBy('name').execute();
  return { offices, categories };
}

export interface SurveyComment {
  code: string;
  score: number;
  comment: string;
  at: number;
}

/** The latest survey answers with a comment, given in the span (newest first). */
export async function recentSurveyComments(db: Executor, span: Span, filters: MetricsFilters, limit = 10): Promise<SurveyComment[]> {
  const rows = await db
    .selectFrom('ticket_surveys')
    .innerJoin('tickets', 'tickets.id', 'ticket_surveys.ticket_id')
    .select(['tickets.code', 'ticket_surveys.score', 'ticket_surveys.comment', 'ticket_surveys.created_at'])
    .where('ticket_surveys.created_at', '>=', span.start)
    .where('ticket_surveys.created_at', '<', span.end)
    .where('ticket_surveys.comment', 'is not', null)
    .where(ticketFilterSql(filters))
    .orderBy('ticket_surveys.created_at', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => ({ code: r.code, score: Number(r.score), comment: r.comment ?? '', at: Number(r.created_at) }));
}
