import { describe, expect, it } from 'vitest';
import { dateForField, dateFromField, monthsBack } from './date-field';

describe('date fields', () => {
  it('reads day-first dates as YYYY-MM-DD, with one or two digits and /, - or . between', () => {
    expect(dateFromField('05/11/2026')).toBe('2026-11-05');
    expect(dateFromField(' 5/1/2026 ')).toBe('2026-01-05');
    expect(dateFromField('31-12-2026')).toBe('2026-12-31');
    expect(dateFromField('1.3.2026')).toBe('2026-03-01');
  });

  it('passes YYYY-MM-DD (links, bookmarks) and anything else through, for the query to judge', () => {
    expect(dateFromField('2026-11-05')).toBe('2026-11-05');
    expect(dateFromField('ayer')).toBe('ayer');
    expect(dateFromField('')).toBe('');
    expect(dateFromField(undefined)).toBeUndefined();
    // An impossible day stays impossible (the query refuses 2026-02-31), never becomes 3 March.
    expect(dateFromField('31/02/2026')).toBe('2026-02-31');
    expect(dateFromField('123/1/2026')).toBe('123/1/2026');
  });

  it('shows YYYY-MM-DD day first and anything else as typed', () => {
    expect(dateForField('2026-11-05')).toBe('05/11/2026');
    expect(dateForField('ayer')).toBe('ayer');
    expect(dateForField(undefined)).toBe('');
  });

  it('lists months back across a year boundary', () => {
    expect(monthsBack('2026-02', 4)).toEqual(['2026-02', '2026-01', '2025-12', '2025-11']);
  });
});
