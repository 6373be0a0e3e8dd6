/**
 * Date and month fields that speak the page's language. `<input type="date">` and `type="month"`
 * draw their format and picker in the browser's language, whatever the page's `lang`: a Spanish page
 * in an English Chromium showed `mm/dd/yyyy` and "November 2026". So dates are text fields written
 * day first (`dd/mm/aaaa`, the format of every date the pages show), read back by `dateFromField`,
 * and a report month is a list of months named in the page's language. Neither carries a `pattern`
 * or `required`: the browser would refuse the form with a message in its own language; the server
 * names a bad date in the page's.
 */
import type { JSX } from 'preact';
import type { PageContext } from './render';

const DAY_FIRST = /^\s*(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})\s*$/;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * A date field's text as `YYYY-MM-DD`: day first (`5/11/2026`, `05-11-2026`) or already ISO (old
 * links and bookmarks). Anything else comes back as typed (trimmed), so the query's own validation
 * names the field; an impossible day (`31/02/2026`) becomes an impossible ISO date for the same reason.
 */
export function dateFromField(raw: string | undefined): string | undefined {
  if (raw === undefined) return undefined;
  const text = raw.trim();
  const m = DAY_FIRST.exec(text);
  if (!m) return text;
  return `${m[3]}-${m[2]!.padStart(2, '0')}-${m[1]!.padStart(2, '0')}`;
}

/** How a date field shows a value: `YYYY-MM-DD` as `dd/mm/yyyy`; anything else as typed. */
export function dateForField(value: string | undefined): string {
  if (!value) return '';
  if (!ISO_DATE.test(value)) return value;
  const [y, m, d] = value.split('-');
  return `${d}/${m}/${y}`;
}

export function DateField({ page, id, value, invalid }: { page: PageContext; id: string; value: string | undefined; invalid?: boolean }): JSX.Element {
  return (
    <input
      class={`form-control${invalid ? ' is-invalid' : ''}`}
      id={id}
      name={id}
      type="text"
      inputMode="numeric"
      autoComplete="off"
      maxLength={10}
      placeholder={page.t('date.placeholder')}
      aria-describedby={`${id}-format`}
      value={dateForField(dateFromField(value))}
    />
  );
}

/** The format, for screen readers (the placeholder goes once a date is typed). */
export function DateFormatHint({ page, id }: { page: PageContext; id: string }): JSX.Element {
  return (
    <span class="visually-hidden" id={`${id}-format`}>
      {page.t('date.format')}
    </span>
  );
}

/** Form errors with a date field's refusal in the field's own terms (the API's message names YYYY-MM-DD). */
export function withDateFieldErrors(page: PageContext, errors: Record<string, string> | undefined, fields: string[]): Record<string, string> | undefined {
  if (!errors) return errors;
  const out = { ...errors };
  for (const f of fields) if (out[f]) out[f] = page.t('date.invalid');
  return out;
}

/** `YYYY-MM` months from `last` back `count` months, newest first. */
export function monthsBack(last: string, count: number): string[] {
  const [y, m] = last.split('-').map(Number);
  return Array.from({ length: count }, (_, i) => new Date(Date.UTC(y!, m! - 1 - i, 1)).toISOString().slice(0, 7));
}

/** "noviembre de 2026" / "November 2026". */
export function monthLabel(page: PageContext, month: string): string {
  const [y, m] = month.split('-').map(Number);
  return new Intl.DateTimeFormat(page.locale === 'en' ? 'en-GB' : 'es-PE', { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date(Date.UTC(y!, m! - 1, 15)));
}

/** A month picker in the page's language: `count` months up to `newest`, `selected` chosen. */
export function MonthSelect({ page, id, newest, selected, count }: { page: PageContext; id: string; newest: string; selected: string; count: number }): JSX.Element {
  const months = monthsBack(newest, count);
  if (!months.includes(selected)) months.push(selected);
  return (
    <select class="form-select" id={id} name={id}>
      {months.map((month) => (
        <option value={month} selected={month === selected}>
          {monthLabel(page, month)}
        </option>
      ))}
    </select>
  );
}
