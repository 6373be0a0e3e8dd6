import { describe, expect, it } from 'vitest';
import { addDays, datesBetween, localDateOf, offsetSegments, startOfLocalDay, zoneOffsetMs } from './local-days';
import { monthRange, resolveRange } from '../metrics/range';

describe('local days', () => {
  it('starts a Lima day at 05:00 UTC', () => {
    expect(new Date(startOfLocalDay('2026-03-01', 'America/Lima')).toISOString()).toBe('2026-03-01T05:00:00.000Z');
    expect(zoneOffsetMs(Date.parse('2026-07-01T12:00:00Z'), 'America/Lima')).toBe(-5 * 3_600_000);
    expect(localDateOf(Date.parse('2026-03-01T04:59:59Z'), 'America/Lima')).toBe('2026-02-28');
  });

  it('gives the same offset from its quarter-hour cache as Intl at that very instant, across transitions', () => {
    // Intl at the instant itself, not rounded to a quarter hour (what the cache must agree with).
    const direct = (t: number, timeZone: string) => {
      const p = Object.fromEntries(
        new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' })
          .formatToParts(new Date(t))
          .filter((x) => x.type !== 'literal')
          .map((x) => [x.type, Number(x.value)]),
      );
      return Date.UTC(p.year!, p.month! - 1, p.day!, p.hour! % 24, p.minute!, p.second!) - Math.floor(t / 1000) * 1000;
    };
    // Zones with DST at 02:00 and 03:00, a 30-minute DST (Lord Howe), +5:45 and +12:45/+13:45 offsets.
    const zones = ['America/Lima', 'America/Santiago', 'America/New_York', 'Europe/London', 'Australia/Lord_Howe', 'Asia/Kathmandu', 'Pacific/Chatham'];
    let seed = 7;
    const random = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
    const from = Date.parse('2024-01-01T00:00:00Z');
    const span = Date.parse('2028-01-01T00:00:00Z') - from;
    const mismatches: string[] = [];
    for (const zone of zones) {
      // Random instants, and a minute either side of every offset change in the span.
      const instants = Array.from({ length: 400 }, () => from + Math.floor(random() * span));
      for (const s of offsetSegments(from, from + span, zone).slice(1)) instants.push(s.start - 60_000, s.start - 1, s.start, s.start + 59_999);
      for (const t of instants) if (zoneOffsetMs(t, zone) !== direct(t, zone)) mismatches.push(`${zone} ${new Date(t).toISOString()}`);
    }
    expect(mismatches).toEqual([]);
  });

  it('follows daylight saving time where the zone has it', () => {
    // New York: EST (−5) until 8 March 2026 02:00, then EDT (−4).
    expect(new Date(startOfLocalDay('2026-03-08', 'America/New_York')).toISOString()).toBe('2026-03-08T05:00:00.000Z');
    expect(new Date(startOfLocalDay('2026-03-09', 'America/New_York')).toISOString()).toBe('2026-03-09T04:00:00.000Z');
    const start = startOfLocalDay('2026-03-01', 'America/New_York');
    const end = startOfLocalDay('2026-03-15', 'America/New_York');
    const segments = offsetSegments(start, end, 'America/New_York');
    expect(segments).toEqual([
      { start, end: Date.parse('2026-03-08T07:00:00Z'), offsetMs: -5 * 3_600_000 },
      { start: Date.parse('2026-03-08T07:00:00Z'), end, offsetMs: -4 * 3_600_000 },
    ]);
    expect(offsetSegments(start, end, 'America/Lima')).toHaveLength(1);
  });

  it('walks calendar dates across month and year ends', () => {
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(datesBetween('2028-02-27', '2028-03-01')).toEqual(['2028-02-27', '2028-02-28', '2028-02-29', '2028-03-01']);
  });

  it('defaults to the last 30 local days including today, and refuses bad bounds', () => {
    const now = Date.parse('2026-03-31T03:00:00Z'); // 30 March, 22:00 in Lima
    const r = resolveRange({}, 'America/Lima', now);
    expect(r.firstDate).toBe('2026-03-01');
    expect(r.lastDate).toBe('2026-03-30');
    expect(() => resolveRange({ from: '2026-03-10', to: '2026-03-01' }, 'America/Lima', now)).toThrow();
    expect(() => resolveRange({ from: '2026-02-30' }, 'America/Lima', now)).toThrow();
    expect(() => resolveRange({ from: 'yesterday' }, 'America/Lima', now)).toThrow();
    expect(monthRange('2026-02', 'America/Lima')).toMatchObject({ firstDate: '2026-02-01', lastDate: '2026-02-28' });
  });
});
