/** Local calendar facts in the institution's time zone (America/Lima by default). */
export function localYear(epochMs: number, timeZone: string): number {
  return Number(new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric' }).format(new Date(epochMs)));
}

/** `YYYY-MM-DD` of the local day an instant falls in. */
export function localDate(epochMs: number, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(
    new Date(epochMs),
  );
}
