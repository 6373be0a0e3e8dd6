/**
 * The data of each dashboard page: the summary, per-local-day series (every day of the range,
 * zero-filled) and breakdowns. Pages render the tables from it and hand the same object to the
 * chart script, so charts and tables always show the same numbers.
 */
import type { Database } from '../db/database';
import {
  assistantByModel,
  backlogAges,
  dailyAssistant,
  dailyNotifications,
  dailyTickets,
  notificationsByTechnician,
  openedVia,
  ticketBreakdown,
  type AssistantByModel,
  type BacklogAges,
  type Breakdown,
  type DailyAssistant,
  type DailyNotifications,
  type DailyTickets,
  type TechnicianNotifications,
} from './dashboards.repository';
import { rangeDates, type MetricsFilters, type MetricsRange } from './range';
import { computeSummary, type MetricsSummary } from './summary';

export interface IncidentsDashboard {
  summary: MetricsSummary;
  days: DailyTickets[];
  byCategory: Breakdown[];
  byOffice: Breakdown[];
  byTechnician: Breakdown[];
  backlog: BacklogAges;
}

export interface NotificationsDashboard {
  summary: MetricsSummary;
  days: DailyNotifications[];
  technicians: TechnicianNotifications[];
  /** Technicians notified in the range who opened none of their messages. */
  neverOpen: TechnicianNotifications[];
  openedVia: { link: number; button: number };
}

export interface AssistantDashboard {
  summary: MetricsSummary;
  days: DailyAssistant[];
  byModel: AssistantByModel[];
}

const span = (r: MetricsRange) => ({ start: r.start, end: r.end });

function fill<T>(range: MetricsRange, byDate: Map<string, T>, empty: (date: string) => T): T[] {
  return rangeDates(range).map((date) => byDate.get(date) ?? empty(date));
}

export async function incidentsDashboard(database: Database, range: MetricsRange, filters: MetricsFilters, now: number): Promise<IncidentsDashboard> {
  const { db, dialect } = database;
  const summary = await computeSummary(db, range, filters);
  const days = fill(range, await dailyTickets(db, dialect, range, filters), (date) => ({
    date,
    reported: 0,
    resolved: 0,
    avgFirstResponseMinutes: null,
    avgResolutionMinutes: null,
  }));
  return {
    summary,
    days,
    byCategory: await ticketBreakdown(db, 'category', span(range), filters),
    byOffice: await ticketBreakdown(db, 'office', span(range), filters),
    byTechnician: await ticketBreakdown(db, 'technician', span(range), filters),
    backlog: await backlogAges(db, now, filters),
  };
}

export async function notificationsDashboard(database: Database, range: MetricsRange, filters: MetricsFilters): Promise<NotificationsDashboard> {
  const { db, dialect } = database;
  const summary = await computeSummary(db, range, filters);
  const days = fill(range, await dailyNotifications(db, dialect, range, filters), (date) => ({ date, sent: 0, opened: 0 }));
  const technicians = await notificationsByTechnician(db, span(range), filters);
  return {
    summary,
    days,
    technicians,
    neverOpen: technicians.filter((t) => t.sent > 0 && t.opened === 0),
    openedVia: await openedVia(db, span(range), filters),
  };
}

export async function assistantDashboard(database: Database, range: MetricsRange): Promise<AssistantDashboard> {
  const { db, dialect } = database;
  const summary = await computeSummary(db, range, {});
  const days = fill(range, await dailyAssistant(db, dialect, range), (date) => ({ date, interactions: 0, answered: 0 }));
  return { summary, days, byModel: await assistantByModel(db, span(range)) };
}
