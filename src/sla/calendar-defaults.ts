/** The calendar and SLA targets ITIMS starts with, before an admin changes them. */
import type { BusinessCalendar } from './business-calendar';
import { peruNationalHolidays } from './peru-holidays';
import type { SlaTarget } from './sla-targets';

/** Monday to Friday 08:00–16:45 (the public sector's day in Peru), national holidays of `year` and `year + 1`. */
export function defaultCalendar(timeZone: string, year: number): BusinessCalendar {
  const day: [string, string][] = [['08:00', '16:45']];
  return {
    timeZone,
    hours: { mon: day, tue: day, wed: day, thu: day, fri: day, sat: [], sun: [] },
    holidays: [...peruNationalHolidays(year), ...peruNationalHolidays(year + 1)],
  };
}

/** Business minutes (one business day = 525 min): critical within the hour, low within a week. */
export const DEFAULT_SLA_TARGETS: SlaTarget[] = [
  { priority: 'critical', categoryId: null, firstResponseMinutes: 15, resolutionMinutes: 240 },
  { priority: 'high', categoryId: null, firstResponseMinutes: 60, resolutionMinutes: 525 },
  { priority: 'normal', categoryId: null, firstResponseMinutes: 240, resolutionMinutes: 3 * 525 },
  { priority: 'low', categoryId: null, firstResponseMinutes: 525, resolutionMinutes: 5 * 525 },
];
