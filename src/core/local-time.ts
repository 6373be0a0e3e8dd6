/**
 * Local calendar facts in the institution's time zone (America/Lima by default). Formatters are
 * cached per zone: building an Intl.DateTimeFormat costs about a tenth of a millisecond, which
 * showed up in every ticket filed.
 */
const yearFormats = new Map<string, Intl.DateTimeFormat>();
const dateFormats = new Map<string, Intl.DateTimeFormat>();

function cached(cache: Map<string, Intl.DateTimeFormat>, timeZone: string, make: () => Intl.DateTimeFormat): Intl.DateTimeFormat {
  let f = cache.get(timeZone);
  if (!f) {
    f = make();
    cache.set(timeZone, f);
  }
  return f;
}

export function localYear(epochMs: number, timeZone: string): number {
  return Number(cached(yearFormats, timeZone, () => new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric' })).format(new Date(epochMs)));
}

/** `YYYY-MM-DD` of the local day an instant falls in. */
export function localDate(epochMs: number, timeZone: string): string {
  return cached(dateFormats, timeZone, () => new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' })).format(new Date(epochMs));
}
