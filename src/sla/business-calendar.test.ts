import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  addBusinessMinutes,
  businessMinutesBetween,
  businessMsBetween,
  compileCalendar,
  isOpenAt,
  latestWithinBusinessMs,
  openIntervalsOn,
  validateCalendar,
  type BusinessCalendar,
} from './business-calendar';
import { addDays, localDateOf } from '../core/local-days';
import { defaultCalendar } from './calendar-defaults';
import { easterSunday, peruNationalHolidays } from './peru-holidays';
import { dueAfter, pausesFromChanges } from './sla-clock';

const LIMA = 'America/Lima';
/** A Lima wall-clock time (UTC−5 all year) as an instant. */
const lima = (local: string) => Date.parse(`${local}-05:00`);
const iso = (t: number | null) => (t === null ? null : new Date(t).toISOString());

const weekdays = (ranges: [string, string][]): BusinessCalendar['hours'] => ({ mon: ranges, tue: ranges, wed: ranges, thu: ranges, fri: ranges });

/** One calendar with a lunch break, a Saturday night range over midnight and Peru's holidays, in five zones (DST, half- and quarter-hour offsets): the properties below run on each. */
const ZONES = ['America/Lima', 'America/New_York', 'Europe/Madrid', 'Australia/Lord_Howe', 'Asia/Kathmandu'];
const ZONE_CALENDARS: BusinessCalendar[] = ZONES.map((timeZone) => ({
  timeZone,
  hours: {
    ...weekdays([
      ['08:00', '13:00'],
      ['14:00', '16:45'],
    ]),
    sat: [['22:00', '02:30']],
    sun: [['03:00', '24:00']],
  },
  holidays: peruNationalHolidays(2026),
}));
const calendars = ZONE_CALENDARS.map(compileCalendar);
const instant = fc.integer({ min: Date.parse('2026-01-01T00:00:00Z'), max: Date.parse('2026-12-31T00:00:00Z') });

describe('business calendar arithmetic', () => {
  const office = compileCalendar(defaultCalendar(LIMA, 2026));

  it('carries a ticket filed at 16:40 on the Friday before a holiday Monday over to Tuesday', () => {
    // Monday 29 June 2026 is San Pedro y San Pablo.
    const filed = lima('2026-06-26T16:40:00');
    expect(iso(addBusinessMinutes(office, filed, 60))).toBe(iso(lima('2026-06-30T08:55:00')));
    expect(businessMinutesBetween(office, filed, lima('2026-06-30T08:55:00'))).toBe(60);
    // Nothing runs over the weekend and the holiday.
    expect(businessMinutesBetween(office, lima('2026-06-26T16:45:00'), lima('2026-06-30T08:00:00'))).toBe(0);
    expect(isOpenAt(office, lima('2026-06-29T10:00:00'))).toBe(false);
    expect(isOpenAt(office, lima('2026-06-30T10:00:00'))).toBe(true);
  });

  it('skips the lunch break', () => {
    const cal = compileCalendar({
      timeZone: LIMA,
      hours: weekdays([
        ['08:00', '13:00'],
        ['14:00', '16:45'],
      ]),
      holidays: [],
    });
    const filed = lima('2026-12-02T12:30:00');
    expect(iso(addBusinessMinutes(cal, filed, 60))).toBe(iso(lima('2026-12-02T14:30:00')));
    expect(businessMinutesBetween(cal, lima('2026-12-02T12:00:00'), lima('2026-12-02T15:00:00'))).toBe(120);
    // Filed during lunch: the clock starts at 14:00.
    expect(iso(addBusinessMinutes(cal, lima('2026-12-02T13:20:00'), 10))).toBe(iso(lima('2026-12-02T14:10:00')));
    // A whole day is 5 h + 2 h 45 min.
    expect(businessMinutesBetween(cal, lima('2026-12-02T00:00:00'), lima('2026-12-03T00:00:00'))).toBe(465);
  });

  it('runs a range over midnight into the next day, and a holiday closes only the shifts that start on it', () => {
    const night: [string, string][] = [['22:00', '06:00']];
    const cal = compileCalendar({ timeZone: LIMA, hours: { mon: night, tue: night, wed: night, thu: night, fri: night }, holidays: [{ date: '2026-12-09', name: 'Batalla de Ayacucho' }] });
    // Monday 7 December 23:00 + 2 h = Tuesday 01:00.
    expect(iso(addBusinessMinutes(cal, lima('2026-12-07T23:00:00'), 120))).toBe(iso(lima('2026-12-08T01:00:00')));
    // Tuesday 05:00: one hour left of Monday's shift, then Tuesday's shift from 22:00.
    expect(iso(addBusinessMinutes(cal, lima('2026-12-08T05:00:00'), 120))).toBe(iso(lima('2026-12-08T23:00:00')));
    // Wednesday 9th is a holiday: Tuesday's shift still ends at 06:00 on the 9th, the 9th's shift is closed.
    expect(businessMinutesBetween(cal, lima('2026-12-08T22:00:00'), lima('2026-12-10T22:00:00'))).toBe(8 * 60);
    expect(iso(addBusinessMinutes(cal, lima('2026-12-09T05:00:00'), 120))).toBe(iso(lima('2026-12-10T23:00:00')));
  });

  it('counts the real length of a day with a daylight-saving change', () => {
    const allDay: [string, string][] = [['00:00', '24:00']];
    const ny = compileCalendar({ timeZone: 'America/New_York', hours: { sun: allDay }, holidays: [] });
    // 8 March 2026: clocks jump from 02:00 to 03:00 (23 h); 1 November: back from 02:00 to 01:00 (25 h).
    expect(businessMinutesBetween(ny, Date.parse('2026-03-08T00:00:00-05:00'), Date.parse('2026-03-09T00:00:00-04:00'))).toBe(23 * 60);
    expect(businessMinutesBetween(ny, Date.parse('2026-11-01T00:00:00-04:00'), Date.parse('2026-11-02T00:00:00-05:00'))).toBe(25 * 60);
    // 01:00 + 90 business minutes on the spring day: 03:30 local (02:00–03:00 does not exist).
    expect(iso(addBusinessMinutes(ny, Date.parse('2026-03-08T01:00:00-05:00'), 90))).toBe('2026-03-08T07:30:00.000Z');
    const early = compileCalendar({ timeZone: 'America/New_York', hours: { sun: [['01:00', '03:00']] }, holidays: [] });
    expect(businessMinutesBetween(early, Date.parse('2026-03-07T00:00:00-05:00'), Date.parse('2026-03-10T00:00:00-04:00'))).toBe(60);
    expect(businessMinutesBetween(early, Date.parse('2026-10-31T00:00:00-04:00'), Date.parse('2026-11-03T00:00:00-05:00'))).toBe(180);
  });

  it('answers null for a calendar with no opening hours, and zero minutes is the start itself', () => {
    const closed = compileCalendar({ timeZone: LIMA, hours: {}, holidays: [] });
    expect(addBusinessMinutes(closed, lima('2026-12-02T10:00:00'), 10)).toBeNull();
    expect(addBusinessMinutes(closed, lima('2026-12-02T10:00:00'), 0)).toBe(lima('2026-12-02T10:00:00'));
    expect(businessMinutesBetween(closed, 0, lima('2026-12-02T10:00:00'))).toBe(0);
    expect(() => addBusinessMinutes(office, 0, -1)).toThrow(RangeError);
  });

  it('uses valid calendars in the properties below', () => {
    for (const c of ZONE_CALENDARS) expect(validateCalendar(c)).toEqual([]);
  });

  it('"business minutes between" undoes "add business minutes" (property, five zones, DST included)', () => {
    fc.assert(
      fc.property(fc.constantFrom(...calendars), instant, fc.integer({ min: 0, max: 20 * 525 }), (cal, start, minutes) => {
        const end = addBusinessMinutes(cal, start, minutes)!;
        expect(end).toBeGreaterThanOrEqual(start);
        expect(businessMinutesBetween(cal, start, end)).toBe(minutes);
      }),
      { numRuns: 300 },
    );
  });

  it('adds in steps as in one go, and the minutes between add up over a split (property)', () => {
    fc.assert(
      fc.property(fc.constantFrom(...calendars), instant, fc.integer({ min: 1, max: 3000 }), fc.integer({ min: 0, max: 3000 }), (cal, start, a, b) => {
        expect(addBusinessMinutes(cal, addBusinessMinutes(cal, start, a)!, b)).toBe(addBusinessMinutes(cal, start, a + b));
      }),
      { numRuns: 200 },
    );
    fc.assert(
      fc.property(fc.constantFrom(...calendars), instant, fc.integer({ min: 0, max: 10 * 86_400_000 }), fc.integer({ min: 0, max: 10 * 86_400_000 }), (cal, a, d1, d2) => {
        const total = businessMinutesBetween(cal, a, a + d1 + d2);
        expect(businessMinutesBetween(cal, a, a + d1) + businessMinutesBetween(cal, a + d1, a + d1 + d2)).toBeCloseTo(total, 6);
      }),
      { numRuns: 200 },
    );
  });
});

describe('the latest instant within a business time', () => {
  const office = compileCalendar(defaultCalendar(LIMA, 2026));

  it('is inside opening hours when the time ends there, and the next opening when it ends at a closing', () => {
    const start = lima('2026-06-26T16:00:00');
    // 30 minutes from Friday 16:00: 16:30, still open.
    expect(iso(latestWithinBusinessMs(office, start, 30 * 60_000))).toBe(iso(lima('2026-06-26T16:30:00')));
    // 45 minutes end at the 16:45 closing; the weekend and the holiday Monday add nothing: Tuesday 08:00.
    expect(iso(latestWithinBusinessMs(office, start, 45 * 60_000))).toBe(iso(lima('2026-06-30T08:00:00')));
    // Zero from a closed moment: up to the next opening.
    expect(iso(latestWithinBusinessMs(office, lima('2026-06-27T10:00:00'), 0))).toBe(iso(lima('2026-06-30T08:00:00')));
    expect(latestWithinBusinessMs(compileCalendar({ timeZone: LIMA, hours: {}, holidays: [] }), start, 60_000)).toBe(Infinity);
    expect(() => latestWithinBusinessMs(office, start, -1)).toThrow(RangeError);
  });

  it('answers "b <= limit" exactly when businessMsBetween(start, b) <= ms (property, five zones, DST included)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...calendars),
        instant,
        fc.integer({ min: 0, max: 5 * 525 * 60_000 }),
        // Or a time that ends exactly at an opening or a closing within the next days (the edges).
        fc.option(fc.record({ days: fc.integer({ min: 0, max: 6 }), edge: fc.nat() }), { nil: null }),
        fc.integer({ min: -3 * 86_400_000, max: 3 * 86_400_000 }),
        fc.integer({ min: 0, max: 12 * 86_400_000 }),
        (cal, start, randomMs, atEdge, nearLimit, anywhere) => {
          let ms = randomMs;
          if (atEdge) {
            const edges = openIntervalsOn(cal, addDays(localDateOf(start, cal.timeZone), atEdge.days))
              .flat()
              .filter((t) => t >= start);
            if (edges.length) ms = businessMsBetween(cal, start, edges[atEdge.edge % edges.length]!);
          }
          const limit = latestWithinBusinessMs(cal, start, ms);
          expect(Number.isFinite(limit)).toBe(true);
          // At the limit, a millisecond either side, near it and anywhere after the start.
          for (const b of [limit, limit - 1, limit + 1, limit + nearLimit, start + anywhere]) {
            if (b < start) continue;
            expect(b <= limit, `b=${new Date(b).toISOString()} limit=${new Date(limit).toISOString()}`).toBe(businessMsBetween(cal, start, b) <= ms);
          }
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe('calendar validation', () => {
  it('names invalid times, empty and overlapping ranges, overlaps across midnight, bad dates and zones', () => {
    const problems = validateCalendar({
      timeZone: 'Mars/Olympus',
      hours: {
        mon: [
          ['08:00', '13:00'],
          ['12:00', '14:00'],
          ['25:00', '26:00'],
          ['09:00', '09:00'],
        ],
        sun: [['22:00', '01:00']],
        tue: [['7:5', '10:00']],
      },
      holidays: [
        { date: '2026-02-30', name: 'x' },
        { date: '2026-12-25', name: 'Navidad' },
        { date: '2026-12-25', name: 'otra' },
        { date: '2026-12-26', name: ' ' },
      ],
    });
    expect(problems).toEqual(
      expect.arrayContaining([
        { field: 'timeZone', reason: 'time_zone' },
        { field: 'hours.mon.1', reason: 'overlap' },
        { field: 'hours.mon.2', reason: 'time' },
        { field: 'hours.mon.3', reason: 'empty_range' },
        { field: 'hours.tue.0', reason: 'time' },
        { field: 'holidays.0.date', reason: 'date' },
        { field: 'holidays.2.date', reason: 'duplicate' },
        { field: 'holidays.3.name', reason: 'name' },
      ]),
    );
    // Sunday 22:00–01:00 runs into Monday's 08:00? No: only to 01:00 — no overlap reported for it.
    expect(problems.some((p) => p.field.startsWith('hours.sun'))).toBe(false);
    const wrap = validateCalendar({ timeZone: LIMA, hours: { sun: [['22:00', '09:00']], mon: [['08:00', '12:00']] }, holidays: [] });
    expect(wrap).toEqual([{ field: 'hours.sun.0', reason: 'overlap' }]);
    expect(validateCalendar(defaultCalendar(LIMA, 2026))).toEqual([]);
    expect(validateCalendar({ timeZone: LIMA, hours: { mon: [['00:00', '24:00']] }, holidays: [] })).toEqual([]);
  });
});

describe("Peru's national holidays", () => {
  it('lists the official days of 2026 and 2027, with Holy Thursday and Good Friday from Easter', () => {
    expect(easterSunday(2026)).toEqual([4, 5]);
    expect(easterSunday(2027)).toEqual([3, 28]);
    expect(peruNationalHolidays(2026).map((h) => h.date)).toEqual([
      '2026-01-01',
      '2026-04-02',
      '2026-04-03',
      '2026-05-01',
      '2026-06-07',
      '2026-06-29',
      '2026-07-23',
      '2026-07-28',
      '2026-07-29',
      '2026-08-06',
      '2026-08-30',
      '2026-10-08',
      '2026-11-01',
      '2026-12-08',
      '2026-12-09',
      '2026-12-25',
    ]);
    expect(peruNationalHolidays(2027).map((h) => h.date)).toEqual([
      '2027-01-01',
      '2027-03-25',
      '2027-03-26',
      '2027-05-01',
      '2027-06-07',
      '2027-06-29',
      '2027-07-23',
      '2027-07-28',
      '2027-07-29',
      '2027-08-06',
      '2027-08-30',
      '2027-10-08',
      '2027-11-01',
      '2027-12-08',
      '2027-12-09',
      '2027-12-25',
    ]);
    expect(peruNationalHolidays(2026).find((h) => h.date === '2026-04-03')?.name).toBe('Viernes Santo');
    expect(defaultCalendar(LIMA, 2026).holidays).toHaveLength(32);
  });
});

describe('SLA clock', () => {
  const cal = compileCalendar(defaultCalendar(LIMA, 2026));

  it('stops while the ticket waits for the requester and resumes where it was', () => {
    const filed = lima('2026-12-02T09:00:00');
    const changes = [
      { at: filed, from: null, to: 'registered' as const },
      { at: lima('2026-12-02T09:10:00'), from: 'registered' as const, to: 'in_progress' as const },
      { at: lima('2026-12-02T10:00:00'), from: 'in_progress' as const, to: 'waiting' as const },
      { at: lima('2026-12-03T10:00:00'), from: 'waiting' as const, to: 'in_progress' as const },
    ];
    const pauses = pausesFromChanges(changes);
    expect(pauses).toEqual([{ from: lima('2026-12-02T10:00:00'), to: lima('2026-12-03T10:00:00') }]);
    // 240 min target: 60 used before the wait, 180 after it → 13:00 on the 3rd.
    expect(dueAfter(cal, filed, pauses, 240)).toEqual({ kind: 'due', at: lima('2026-12-03T13:00:00') });
    // Still waiting: paused with 180 minutes left.
    expect(dueAfter(cal, filed, pausesFromChanges(changes.slice(0, 3)), 240)).toEqual({ kind: 'paused', remainingMinutes: 180 });
    // A target reached before the wait began keeps its due time.
    expect(dueAfter(cal, filed, pauses, 30)).toEqual({ kind: 'due', at: lima('2026-12-02T09:30:00') });
  });
});
