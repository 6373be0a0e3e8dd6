/**
 * The period and filters of every indicator, chart and report. `from`/`to` are local dates
 * (`YYYY-MM-DD`, both inclusive, in the configured time zone) or ISO timestamps (`to` exclusive);
 * with neither, the last 30 local days including today.
 */
import { AppError } from '../core/errors';
import { addDays, datesBetween, isCalendarDate, localDateOf, startOfLocalDay } from '../core/local-days';

export interface MetricsRange {
  /** First instant counted (epoch ms). */
  start: number;
  /** First instant no longer counted (epoch ms). */
  end: number;
  timeZone: string;
  /** The local dates the range touches, for per-day charts. */
  firstDate: string;
  lastDate: string;
}

export interface MetricsFilters {
  officeId?: number;
  categoryId?: number;
}

export const DEFAULT_RANGE_DAYS = 30;
/** Ten years of days is enough for any chart and keeps a typo from asking for a millennium. */
const MAX_RANGE_DAYS = 3_660;
const MAX_RANGE_MS = MAX_RANGE_DAYS * 86_400_000;
/**
 * No help desk record is older than this, and none is later than a year from now: a period outside
 * (`from=1000-01-01`, `month=9999-12`) is a typo or a probe, refused with 422 before any work.
 */
const EARLIEST_DATE = '2000-01-01';
const LATEST_YEAR_AHEAD_MS = 366 * 86_400_000;

function periodTooLong(now: number, timeZone: string): AppError {
  return new AppError('PERIOD_TOO_LONG', { maxDays: MAX_RANGE_DAYS, first: EARLIEST_DATE, last: localDateOf(now + LATEST_YEAR_AHEAD_MS, timeZone) });
}

const ISO_TIMESTAMP_RE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:?\d{2})$/;

function invalid(field: 'from' | 'to'): AppError {
  return new AppError('BAD_REQUEST', undefined, { [field]: { key: 'metrics.field.date' } });
}

function parseBound(raw: string, field: 'from' | 'to', timeZone: string, now: number): number {
  const value = raw.trim();
  if (isCalendarDate(value) && (value < EARLIEST_DATE || value > localDateOf(now + LATEST_YEAR_AHEAD_MS, timeZone))) throw periodTooLong(now, timeZone);
  if (isCalendarDate(value)) return startOfLocalDay(field === 'from' ? value : addDays(value, 1), timeZone);
  if (ISO_TIMESTAMP_RE.test(value)) {
    const ms = Date.parse(value);
    if (!Number.isNaN(ms)) return ms;
  }
  throw invalid(field);
}

/** Builds a range from query strings; throws 400 naming the bad field. */
export function resolveRange(input: { from?: string; to?: string }, timeZone: string, now: number): MetricsRange {
  const today = localDateOf(now, timeZone);
  const end = input.to ? parseBound(input.to, 'to', timeZone, now) : startOfLocalDay(addDays(today, 1), timeZone);
  const start = input.from ? parseBound(input.from, 'from', timeZone, now) : startOfLocalDay(addDays(localDateOf(end - 1, timeZone), 1 - DEFAULT_RANGE_DAYS), timeZone);
  if (end <= start) throw invalid('to');
  if (end - start > MAX_RANGE_MS || start < startOfLocalDay(EARLIEST_DATE, timeZone) || end > now + LATEST_YEAR_AHEAD_MS + 86_400_000) {
    throw periodTooLong(now, timeZone);
  }
  return rangeOf(start, end, timeZone);
}

export function rangeOf(start: number, end: number, timeZone: string): MetricsRange {
  return { start, end, timeZone, firstDate: localDateOf(start, timeZone), lastDate: localDateOf(end - 1, timeZone) };
}

/** `YYYY-MM` of the month before a local date: what the monthly report shows by default. */
export function previousMonth(today: string): string {
  const [y, m] = today.split('-').map(Number);
  return new Date(Date.UTC(y!, m! - 2, 1)).toISOString().slice(0, 7);
}

/** A calendar month `YYYY-MM` as a range (422 outside the years that can hold records). */
export function monthRange(month: string, timeZone: string, now = Date.now()): MetricsRange {
  const m = /^(\d{4})-(0[1-9]|1[0-2])$/.exec(month);
  if (!m) throw new AppError('BAD_REQUEST', undefined, { month: { key: 'metrics.field.month' } });
  if (`${month}-01` < EARLIEST_DATE || `${month}-01` > localDateOf(now + LATEST_YEAR_AHEAD_MS, timeZone)) throw periodTooLong(now, timeZone);
  const first = `${m[1]}-${m[2]}-01`;
  const next = new Date(Date.UTC(Number(m[1]), Number(m[2]), 1)).toISOString().slice(0, 10);
  return rangeOf(startOfLocalDay(first, timeZone), startOfLocalDay(next, timeZone), timeZone);
}

export const rangeDates = (range: MetricsRange): string[] => datesBetween(range.firstDate, range.lastDate);

/** Query-string filter values: positive integer ids, empty = none. */
export function parseFilters(input: { office?: string | number; category?: string | number }): MetricsFilters {
  const id = (raw: string | number | undefined, field: string): number | undefined => {
    if (raw === undefined || raw === '') return undefined;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < 1) throw new AppError('BAD_REQUEST', undefined, { [field]: { key: 'field.invalid' } });
    return n;
  };
  const filters: MetricsFilters = {};
  const officeId = id(input.office, 'office');
  const categoryId = id(input.category, 'category');
  if (officeId !== undefined) filters.officeId = officeId;
  if (categoryId !== undefined) filters.categoryId = categoryId;
  return filters;
}
