/**
 * Numbers as people read them (dashboards, CSV of indicators, the PDF): rates as percentages
 * with two decimals, durations as "4 h 1 min", counts grouped; "—" where nothing was measured.
 */
import type { Locale } from '../i18n';
import { formatDuration } from '../core/duration';

const tag = (locale: Locale) => (locale === 'es' ? 'es-PE' : 'en-GB');
const cache = new Map<string, Intl.NumberFormat>();
function nf(locale: Locale, digits: number): Intl.NumberFormat {
  const key = `${locale}:${digits}`;
  let f = cache.get(key);
  if (!f) {
    f = new Intl.NumberFormat(tag(locale), { minimumFractionDigits: digits, maximumFractionDigits: digits });
    cache.set(key, f);
  }
  return f;
}

export const NOT_MEASURED = '—';

/** 0.99338 → "99.34 %". */
export function formatRate(rate: number | null, locale: Locale): string {
  return rate === null ? NOT_MEASURED : `${nf(locale, 2).format(rate * 100)} %`;
}

/** 240.66 → "4 h 1 min", 7.01 → "7 min" (the one duration format of the pages and the PDF). */
export function formatMinutes(minutes: number | null, _locale: Locale): string {
  return minutes === null ? NOT_MEASURED : formatDuration(minutes);
}

export function formatCount(n: number, locale: Locale): string {
  return nf(locale, 0).format(n);
}

/** Two decimals, no unit (CSV of indicators). */
export const round2 = (x: number | null): number | null => (x === null ? null : Math.round(x * 100) / 100);

/** `YYYY-MM-DD` → "02/03/2026" (day first, as both locales here write it). */
export function dayFirst(date: string): string {
  const [y, m, d] = date.split('-');
  return `${d}/${m}/${y}`;
}
