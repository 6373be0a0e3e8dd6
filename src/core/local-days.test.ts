import { describe, expect, it } from 'vitest';
import { addDays, datesBetween, localDateOf, offsetSegments, startOfLocalDay, zoneOffsetMs } from './local-days';
import { monthRange, resolveRange } from '../metrics/range';

describe('local days', () => {
  it('starts a Lima day at 05:00 UTC', () => {
    expect(new Date(startOfLocalDay('2026-03-01', 'America/Lima')).toISOString()).toBe('2026-03-01T05:00:00.000Z');
    expect(zoneOffsetMs(Date.parse('2026-07-01T12:00:00Z'), 'America/Lima')).toBe(-5 * 3_600_000);
    expect(localDateOf(Date.parse('2026-03-01T04:59:59Z'), 'America/Lima')).toBe('2026-02-28');
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
