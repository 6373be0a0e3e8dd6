/**
 * The institution's business calendar and its arithmetic: weekly opening hours (several ranges a
 * day), holidays, a time zone. Pure: no database, no clock; the SLA clock and the admin pages call
 * it with a calendar read from the settings.
 *
 * - A range `["08:00","13:00"]` belongs to the day it starts on. An end before the start runs over
 *   midnight (`["22:00","06:00"]` on Monday is Monday 22:00 → Tuesday 06:00); `"24:00"` is allowed
 *   as an end. A holiday closes the ranges that start on it, so a night shift that began on a
 *   working day runs to its end.
 * - Wall-clock times are turned into instants with Intl in the calendar's zone, so a day with a
 *   daylight-saving change has the real length of its ranges (an hour that does not exist is not
 *   counted, an hour that happens twice is counted twice).
 * - Everything is in milliseconds inside; the minute functions are the public face.
 */
import { addDays, instantOfWallClock, isCalendarDate, localDateOf } from '../core/local-days';

export const DAY_KEYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type DayKey = (typeof DAY_KEYS)[number];

/** `["08:00","16:45"]`: start and end, 24-hour `HH:MM`. */
export type TimeRange = [string, string];

export interface Holiday {
  date: string;
  name: string;
}

/** The calendar as the admin API reads and writes it (`GET|PUT /admin/calendar`). */
export interface BusinessCalendar {
  timeZone: string;
  hours: Partial<Record<DayKey, TimeRange[]>>;
  holidays: Holiday[];
}

const MINUTE = 60_000;
const DAY_MINUTES = 24 * 60;
const TIME_RE = /^([01]\d|2[0-4]):([0-5]\d)$/;
/** How far a search for business time goes before it gives up (a calendar closed for years). */
const MAX_DAYS_SEARCHED = 3 * 366;

/** Minutes since midnight of `HH:MM`, or null when it is not a time (`24:00` is allowed). */
export function parseTime(value: string): number | null {
  const m = TIME_RE.exec(value);
  if (!m) return null;
  const minutes = Number(m[1]) * 60 + Number(m[2]);
  return minutes > DAY_MINUTES ? null : minutes;
}

/** One problem of a calendar, for a 422 naming the field (`hours.mon.1`, `holidays.3.date`, `timeZone`). */
export interface CalendarProblem {
  field: string;
  reason: 'time' | 'empty_range' | 'overlap' | 'date' | 'name' | 'duplicate' | 'time_zone';
}

export function isTimeZone(value: string): boolean {
  if (!value || value.length > 64) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

/** Every problem of a calendar (empty: valid). Overlaps count across days for ranges over midnight. */
export function validateCalendar(calendar: BusinessCalendar): CalendarProblem[] {
  const problems: CalendarProblem[] = [];
  if (!isTimeZone(calendar.timeZone)) problems.push({ field: 'timeZone', reason: 'time_zone' });
  // Every range as absolute minutes of the week, to find overlaps (also Sunday night → Monday).
  const week: { start: number; end: number; field: string }[] = [];
  DAY_KEYS.forEach((day, dayIndex) => {
    (calendar.hours[day] ?? []).forEach((range, i) => {
      const field = `hours.${day}.${i}`;
      const start = parseTime(range[0]);
      const end = parseTime(range[1]);
      if (start === null || end === null || start === DAY_MINUTES) {
        problems.push({ field, reason: 'time' });
        return;
      }
      if (start === end) {
        problems.push({ field, reason: 'empty_range' });
        return;
      }
      const length = end > start ? end - start : end + DAY_MINUTES - start;
      week.push({ start: dayIndex * DAY_MINUTES + start, end: dayIndex * DAY_MINUTES + start + length, field });
    });
  });
  const weekMinutes = 7 * DAY_MINUTES;
  const reported = new Set<string>();
  for (let i = 0; i < week.length; i++) {
    for (let j = 0; j < week.length; j++) {
      if (i === j) continue;
      const a = week[i]!;
      const b = week[j]!;
      // b shifted by a week either way catches Sunday's night shift running into Monday.
      for (const shift of [0, weekMinutes, -weekMinutes]) {
        if (a.start < b.end + shift && b.start + shift < a.end && j > i && !reported.has(b.field)) {
          problems.push({ field: b.field, reason: 'overlap' });
          reported.add(b.field);
        }
      }
    }
  }
  const seen = new Set<string>();
  calendar.holidays.forEach((h, i) => {
    if (!isCalendarDate(h.date)) problems.push({ field: `holidays.${i}.date`, reason: 'date' });
    else if (seen.has(h.date)) problems.push({ field: `holidays.${i}.date`, reason: 'duplicate' });
    seen.add(h.date);
    if (!h.name.trim() || h.name.length > 80) problems.push({ field: `holidays.${i}.name`, reason: 'name' });
  });
  return problems;
}

/** A calendar ready for arithmetic: ranges in minutes per weekday, holidays as a set, a day cache. */
export interface CompiledCalendar {
  readonly calendar: BusinessCalendar;
  readonly timeZone: string;
  /** Index 0 = Monday: `[startMinute, endMinute]` with end up to 48 h for ranges over midnight. */
  readonly ranges: readonly (readonly [number, number])[][];
  readonly holidays: ReadonlySet<string>;
  readonly hasHours: boolean;
  readonly dayCache: Map<string, [number, number][]>;
}

/** Compiles a valid calendar (call `validateCalendar` first; invalid ranges are skipped). */
export function compileCalendar(calendar: BusinessCalendar): CompiledCalendar {
  const ranges = DAY_KEYS.map((day) => {
    const list: [number, number][] = [];
    for (const [s, e] of calendar.hours[day] ?? []) {
      const start = parseTime(s);
      const end = parseTime(e);
      if (start === null || end === null || start === end || start === DAY_MINUTES) continue;
      list.push([start, end > start ? end : end + DAY_MINUTES]);
    }
    return list.sort((a, b) => a[0] - b[0]);
  });
  return {
    calendar,
    timeZone: calendar.timeZone,
    ranges,
    holidays: new Set(calendar.holidays.map((h) => h.date)),
    hasHours: ranges.some((r) => r.length > 0),
    dayCache: new Map(),
  };
}

/** 0 = Monday … 6 = Sunday, of a `YYYY-MM-DD` date. */
function weekdayIndex(date: string): number {
  const d = new Date(`${date}T00:00:00Z`).getUTCDay();
  return (d + 6) % 7;
}

/** The open intervals (instants) of the ranges that start on a local date; none on a holiday. */
export function openIntervalsOn(cal: CompiledCalendar, date: string): [number, number][] {
  const cached = cal.dayCache.get(date);
  if (cached) return cached;
  const intervals: [number, number][] = [];
  if (!cal.holidays.has(date)) {
    const [y, m, d] = date.split('-').map(Number) as [number, number, number];
    for (const [start, end] of cal.ranges[weekdayIndex(date)]!) {
      const from = instantOfWallClock(Date.UTC(y, m - 1, d, 0, start), cal.timeZone);
      const to = instantOfWallClock(Date.UTC(y, m - 1, d, 0, end), cal.timeZone);
      // A range inside a skipped hour (DST) has no length; never let an interval run backwards.
      if (to > from) intervals.push([from, to]);
    }
  }
  if (cal.dayCache.size > 4000) cal.dayCache.clear();
  cal.dayCache.set(date, intervals);
  return intervals;
}

/**
 * The instant `minutes` business minutes after `start` (null when the calendar has no open time
 * within three years). Zero minutes from a closed moment is that moment itself.
 */
export function addBusinessMinutes(cal: CompiledCalendar, start: number, minutes: number): number | null {
  if (!(minutes >= 0) || !Number.isFinite(minutes)) throw new RangeError('minutes must be a finite number ≥ 0');
  const ms = Math.round(minutes * MINUTE);
  if (ms === 0) return start;
  if (!cal.hasHours) return null;
  return walkOpenTime(cal, start, ms, 'at-end');
}

/**
 * The latest instant `b` with `businessMsBetween(cal, start, b) <= ms`: the instant `ms` business
 * milliseconds after `start` when that falls inside opening hours, otherwise the next opening after
 * it (the closed time between adds nothing). Infinity when no opening follows within three years.
 * A page judging many due instants against one `start` asks this once and compares each instant
 * with it (`b <= limit`), instead of walking the calendar between `start` and every instant.
 */
export function latestWithinBusinessMs(cal: CompiledCalendar, start: number, ms: number): number {
  if (!(ms >= 0) || !Number.isFinite(ms)) throw new RangeError('ms must be a finite number ≥ 0');
  if (!cal.hasHours) return Infinity;
  // Strictly inside an interval: any later instant counts more. Used up exactly at an interval's
  // end: the next interval's beginning is still within `ms`.
  return walkOpenTime(cal, start, ms, 'next-opening') ?? Infinity;
}

/**
 * Walks the open intervals from `start` until `ms` business milliseconds are used up, and answers
 * the instant where that happens (null when no opening follows within three years). Used up exactly
 * at an interval's end: `at-end` answers that end (the due instant of "add N minutes"),
 * `next-opening` the next interval's beginning (the latest instant still within `ms`).
 */
function walkOpenTime(cal: CompiledCalendar, start: number, ms: number, exactEnd: 'at-end' | 'next-opening'): number | null {
  let remaining = ms;
  // The day before too: its range over midnight may still be open at `start`.
  let date = addDays(localDateOf(start, cal.timeZone), -1);
  for (let i = 0; i < MAX_DAYS_SEARCHED; i++, date = addDays(date, 1)) {
    for (const [from, to] of openIntervalsOn(cal, date)) {
      if (to <= start) continue;
      const begin = Math.max(from, start);
      const available = to - begin;
      if (remaining < available || (remaining === available && exactEnd === 'at-end')) return begin + remaining;
      remaining -= available;
    }
  }
  return null;
}

/** Business milliseconds in [a, b) (negative when b is before a). */
export function businessMsBetween(cal: CompiledCalendar, a: number, b: number): number {
  if (b < a) return -businessMsBetween(cal, b, a);
  if (b === a || !cal.hasHours) return 0;
  let total = 0;
  const last = localDateOf(b, cal.timeZone);
  for (let date = addDays(localDateOf(a, cal.timeZone), -1); date <= last; date = addDays(date, 1)) {
    for (const [from, to] of openIntervalsOn(cal, date)) {
      const overlap = Math.min(to, b) - Math.max(from, a);
      if (overlap > 0) total += overlap;
    }
  }
  return total;
}

/** Business minutes between two instants (fractional; negative when b is before a). */
export function businessMinutesBetween(cal: CompiledCalendar, a: number, b: number): number {
  return businessMsBetween(cal, a, b) / MINUTE;
}

/** True when the instant falls inside opening hours. */
export function isOpenAt(cal: CompiledCalendar, at: number): boolean {
  const today = localDateOf(at, cal.timeZone);
  for (const date of [addDays(today, -1), today]) {
    for (const [from, to] of openIntervalsOn(cal, date)) if (at >= from && at < to) return true;
  }
  return false;
}
