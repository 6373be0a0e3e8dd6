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

/** e.g. "26 nov 2026, 17:05" (es) or "26 Nov 2026, 17:05" (en) in `timeZone`. */
export function formatInstant(at: string | number, locale: Locale, timeZone: string): string {
  const key = `${locale}|${timeZone}`;
  let f = formatters.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(locale === 'es' ? 'es-PE' : 'en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone });
    formatters.set(key, f);
  }
  return f.format(new Date(at));
}

export function Instant({ at, page, timeZone }: { at: string | number; page: PageContext; timeZone: string }) {
  return <time dateTime={new Date(at).toISOString()}>{formatInstant(at, page.locale, timeZone)}</time>;
}
