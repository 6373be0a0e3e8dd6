/**
 * Local calendar days in the institution's time zone, computed with Intl (no fixed offsets:
 * America/Lima has no daylight saving time today, but a configured zone may).
 *
 * Charts group rows by local day in SQL with `floor((t + offset) / day)`; that is exact as long as
 * the offset is constant, so a range is cut into segments at every offset change
 * (`offsetSegments`) and each segment is grouped with its own offset.
 */
const DAY_MS = 86_400_000;

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/**
 * Offsets by zone and quarter hour of UTC. Since 1980 every zone's offset is a whole number of
 * quarter hours and changes at a local :00, :15, :30 or :45, so it changes only at a multiple of
 * 15 minutes of UTC and is the same across each quarter hour: one Intl call per quarter hour instead
 * of one per question (the queue's "vence en …" asked ~100 times a page; 1.8 ms of a 10.8 ms page).
 * Before 1980 some zones had offsets in seconds (Lima until 1908): those instants are not cached.
 */
const QUARTER_HOUR_MS = 900_000;
const CACHE_FROM_MS = Date.UTC(1980, 0, 1);
const OFFSETS_MAX = 20_000;
const offsets = new Map<string, Map<number, number>>();

/** Offset of local time from UTC at an instant, in ms (Lima: −5 h). */
export function zoneOffsetMs(epochMs: number, timeZone: string): number {
  if (epochMs < CACHE_FROM_MS || !Number.isFinite(epochMs)) return computeOffsetMs(epochMs, timeZone);
  const quarter = Math.floor(epochMs / QUARTER_HOUR_MS);
  let zone = offsets.get(timeZone);
  if (!zone) offsets.set(timeZone, (zone = new Map()));
  let offset = zone.get(quarter);
  if (offset === undefined) {
    if (zone.size >= OFFSETS_MAX) zone.clear();
    offset = computeOffsetMs(quarter * QUARTER_HOUR_MS, timeZone);
    zone.set(quarter, offset);
  }
  return offset;
}

function computeOffsetMs(epochMs: number, timeZone: string): number {
  const parts: Record<string, number> = {};
  for (const p of formatterFor(timeZone).formatToParts(new Date(epochMs))) {
    if (p.type !== 'literal') parts[p.type] = Number(p.value);
  }
  const asUtc = Date.UTC(parts.year!, parts.month! - 1, parts.day!, parts.hour! % 24, parts.minute!, parts.second!);
  return asUtc - Math.floor(epochMs / 1000) * 1000;
}

export const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True for a real calendar date written `YYYY-MM-DD`. */
export function isCalendarDate(date: string): boolean {
  const m = DATE_RE.exec(date);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.toISOString().slice(0, 10) === date;
}

/** `YYYY-MM-DD` plus n days. */
export function addDays(date: string, n: number): string {
  const m = DATE_RE.exec(date);
  if (!m) throw new Error(`not a date: ${date}`);
  return new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]) + n)).toISOString().slice(0, 10);
}

/** The local date (`YYYY-MM-DD`) an instant falls in. */
export function localDateOf(epochMs: number, timeZone: string): string {
  return new Date(epochMs + zoneOffsetMs(epochMs, timeZone)).toISOString().slice(0, 10);
}

/**
 * The instant a local wall-clock time happens, the wall-clock time given as if it were UTC
 * (`Date.UTC(2026, 11, 2, 8, 30)` for 08:30 local on 2 December 2026).
 */
export function instantOfWallClock(wallClockMs: number, timeZone: string): number {
  // Two passes settle the offset, also near an offset change.
  const guess = wallClockMs - zoneOffsetMs(wallClockMs, timeZone);
  return wallClockMs - zoneOffsetMs(guess, timeZone);
}

/** The instant local midnight begins on a date (the first instant of that local day). */
export function startOfLocalDay(date: string, timeZone: string): number {
  const m = DATE_RE.exec(date);
  if (!m) throw new Error(`not a date: ${date}`);
  let guess = instantOfWallClock(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])), timeZone);
  // A zone that skips midnight (DST at 00:00): the day starts at the first instant that is on it.
  if (localDateOf(guess, timeZone) !== date) guess += 3_600_000;
  return guess;
}

/** Every local date from `first` to `last`, inclusive. */
export function datesBetween(first: string, last: string): string[] {
  const out: string[] = [];
  for (let d = first; d <= last; d = addDays(d, 1)) out.push(d);
  return out;
}

export interface OffsetSegment {
  start: number;
  /** Exclusive. */
  end: number;
  offsetMs: number;
}

/**
 * Cuts [start, end) where the zone's offset changes, so each piece can be grouped by
 * `floor((t + offsetMs) / day)`. Checks the offset every 6 hours and bisects to the minute
 * where it changes; one segment for America/Lima.
 */
export function offsetSegments(start: number, end: number, timeZone: string): OffsetSegment[] {
  const step = 6 * 3_600_000;
  const segments: OffsetSegment[] = [];
  let segStart = start;
  let offset = zoneOffsetMs(start, timeZone);
  for (let probe = start + step; probe < end + step; probe += step) {
    const at = Math.min(probe, end - 1);
    if (at <= segStart) break;
    const next = zoneOffsetMs(at, timeZone);
    if (next === offset) continue;
    let lo = Math.max(segStart, at - step);
    let hi = at;
    while (hi - lo > 60_000) {
      const mid = Math.floor((lo + hi) / 2 / 60_000) * 60_000;
      if (mid <= lo) break;
      if (zoneOffsetMs(mid, timeZone) === offset) lo = mid;
      else hi = mid;
    }
    segments.push({ start: segStart, end: hi, offsetMs: offset });
    segStart = hi;
    offset = next;
  }
  segments.push({ start: segStart, end, offsetMs: offset });
  return segments.filter((s) => s.end > s.start);
}

/** The local date of an epoch-day number computed in SQL with a segment's offset. */
export const dateOfDayNumber = (dayNumber: number): string => new Date(dayNumber * DAY_MS).toISOString().slice(0, 10);

export { DAY_MS };
