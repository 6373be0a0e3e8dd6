/**
 * The monthly report: the six indicators, the month week by week (and day by day for the
 * chart), and the categories and offices with most tickets. `monthly-pdf.ts` prints it.
 *
 * One cohort rule throughout: every ticket figure counts the tickets registered in the month, by
 * the local day they were registered; "resolved" are those of them resolved when the report is
 * made, even if that happened after the month; a resolution time belongs to the day the ticket
 * was registered. So the days add up to the weeks and the weeks to the headline.
 */
import type { Database } from '../db/database';
import { dailyTicketCohorts, ticketBreakdown, type Breakdown } from '../metrics/dashboards.repository';
import type { TicketTotals } from '../metrics/indicators.repository';
import { monthRange, rangeDates, type MetricsRange } from '../metrics/range';
import { computeSummary, type MetricsSummary } from '../metrics/summary';

export interface CohortRow {
  /** Tickets registered. */
  reported: number;
  /** Of those, resolved by the time of the report. */
  resolved: number;
  /** Mean minutes from registration to resolution of those resolved. */
  avgResolutionMinutes: number | null;
}

export interface WeekRow extends CohortRow {
  /** First and last local date of the week inside the month (weeks start on Monday). */
  first: string;
  last: string;
}

export interface MonthlyReport {
  month: string;
  range: MetricsRange;
  summary: MetricsSummary;
  days: ({ date: string } & CohortRow)[];
  weeks: WeekRow[];
  /** The weeks added up: equal to the headline's ticket figures. */
  total: CohortRow;
  topCategories: Breakdown[];
  topOffices: Breakdown[];
  generatedAt: number;
}

const weekday = (date: string) => (new Date(`${date}T00:00:00Z`).getUTCDay() + 6) % 7; // Monday = 0

interface Sums {
  reported: number;
  resolved: number;
  resolutionMs: number;
  withResolution: number;
}
const emptySums = (): Sums => ({ reported: 0, resolved: 0, resolutionMs: 0, withResolution: 0 });
function add(to: Sums, t: Pick<TicketTotals, keyof Sums>): void {
  to.reported += t.reported;
  to.resolved += t.resolved;
  to.resolutionMs += t.resolutionMs;
  to.withResolution += t.withResolution;
}
const row = (s: Sums): CohortRow => ({
  reported: s.reported,
  resolved: s.resolved,
  avgResolutionMinutes: s.withResolution ? s.resolutionMs / s.withResolution / 60_000 : null,
});

export async function buildMonthlyReport(database: Database, month: string, timeZone: string, now: number): Promise<MonthlyReport> {
  const { db, dialect } = database;
  const range = monthRange(month, timeZone, now);
  const span = { start: range.start, end: range.end };
  const summary = await computeSummary(db, range, {});
  const perDay = await dailyTicketCohorts(db, dialect, range, {});
  const days = rangeDates(range).map((date) => {
    const sums = emptySums();
    const d = perDay.get(date);
    if (d) add(sums, d);
    return { date, sums };
  });
  const weeks: WeekRow[] = [];
  const total = emptySums();
  let week: { first: string; last: string; sums: Sums } | null = null;
  for (const d of days) {
    if (!week || weekday(d.date) === 0) {
      if (week) weeks.push({ first: week.first, last: week.last, ...row(week.sums) });
      week = { first: d.date, last: d.date, sums: emptySums() };
    }
    week.last = d.date;
    add(week.sums, d.sums);
    add(total, d.sums);
  }
  if (week) weeks.push({ first: week.first, last: week.last, ...row(week.sums) });
  return {
    month,
    range,
    summary,
    days: days.map((d) => ({ date: d.date, ...row(d.sums) })),
    weeks,
    total: row(total),
    topCategories: await ticketBreakdown(db, 'category', span, {}, 10),
    topOffices: await ticketBreakdown(db, 'office', span, {}, 10),
    generatedAt: now,
  };
}
