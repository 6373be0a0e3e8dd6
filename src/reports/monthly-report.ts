/**
 * The monthly report: the six indicators, the month week by week (and day by day for the
 * chart), and the categories and offices with most tickets. `monthly-pdf.ts` prints it.
 */
import type { Database } from '../db/database';
import { dailyTickets, ticketBreakdown, type Breakdown } from '../metrics/dashboards.repository';
import { monthRange, rangeDates, type MetricsRange } from '../metrics/range';
import { computeSummary, type MetricsSummary } from '../metrics/summary';

export interface WeekRow {
  /** First and last local date of the week inside the month (weeks start on Monday). */
  first: string;
  last: string;
  reported: number;
  resolved: number;
  avgResolutionMinutes: number | null;
}

export interface MonthlyReport {
  month: string;
  range: MetricsRange;
  summary: MetricsSummary;
  days: { date: string; reported: number; resolved: number }[];
  weeks: WeekRow[];
  topCategories: Breakdown[];
  topOffices: Breakdown[];
  generatedAt: number;
}

const weekday = (date: string) => (new Date(`${date}T00:00:00Z`).getUTCDay() + 6) % 7; // Monday = 0

export async function buildMonthlyReport(database: Database, month: string, timeZone: string, now: number): Promise<MonthlyReport> {
  const { db, dialect } = database;
  const range = monthRange(month, timeZone, now);
  const span = { start: range.start, end: range.end };
  const summary = await computeSummary(db, range, {});
  const perDay = await dailyTickets(db, dialect, range, {});
  const days = rangeDates(range).map((date) => {
    const d = perDay.get(date);
    return { date, reported: d?.reported ?? 0, resolved: d?.resolved ?? 0, avgResolution: d?.avgResolutionMinutes ?? null };
  });
  const weeks: WeekRow[] = [];
  let acc: { row: WeekRow; weighted: number; n: number } | null = null;
  for (const d of days) {
    if (!acc || weekday(d.date) === 0) {
      if (acc) weeks.push({ ...acc.row, avgResolutionMinutes: acc.n ? acc.weighted / acc.n : null });
      acc = { row: { first: d.date, last: d.date, reported: 0, resolved: 0, avgResolutionMinutes: null }, weighted: 0, n: 0 };
    }
    acc.row.last = d.date;
    acc.row.reported += d.reported;
    acc.row.resolved += d.resolved;
    if (d.avgResolution !== null) {
      acc.weighted += d.avgResolution * d.resolved;
      acc.n += d.resolved;
    }
  }
  if (acc) weeks.push({ ...acc.row, avgResolutionMinutes: acc.n ? acc.weighted / acc.n : null });
  return {
    month,
    range,
    summary,
    days: days.map(({ date, reported, resolved }) => ({ date, reported, resolved })),
    weeks,
    topCategories: await ticketBreakdown(db, 'category', span, {}, 10),
    topOffices: await ticketBreakdown(db, 'office', span, {}, 10),
    generatedAt: now,
  };
}
