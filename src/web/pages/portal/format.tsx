/** How the portal shows statuses and instants: localized names, the institution's time zone. */
import type { TicketStatus } from '../../../db/schema';
import type { Locale } from '../../../i18n';
import type { PageContext } from '../../render';

const STATUS_TONE: Record<TicketStatus, string> = {
  registered: 'text-bg-primary',
  in_progress: 'text-bg-warning',
  waiting: 'text-bg-info',
  resolved: 'text-bg-success',
  cancelled: 'text-bg-secondary',
};

export const statusName = (page: PageContext, status: TicketStatus) => page.t(`portal.status.${status}`);

export function StatusBadge({ page, status }: { page: PageContext; status: TicketStatus }) {
  return <span class={`badge rounded-pill status-badge ${STATUS_TONE[status]}`}>{statusName(page, status)}</span>;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

/**
 * The one date format of every page, e.g. "26/11/2026 17:05" (day/month/year, 24-hour clock, in
 * `timeZone`), as in the Telegram messages and the monthly report. The same in both languages.
 */
export function formatInstant(at: string | number, _locale: Locale, timeZone: string): string {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-GB', { timeZone, day: '2-digit', month: '2-digit', year: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    formatters.set(timeZone, f);
  }
  const p = Object.fromEntries(f.formatToParts(new Date(at)).map((x) => [x.type, x.value]));
  return `${p.day}/${p.month}/${p.year} ${p.hour}:${p.minute}`;
}

export function Instant({ at, page, timeZone }: { at: string | number; page: PageContext; timeZone: string }) {
  return <time dateTime={new Date(at).toISOString()}>{formatInstant(at, page.locale, timeZone)}</time>;
}
