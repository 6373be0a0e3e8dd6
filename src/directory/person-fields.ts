/** How names and phones of the directory are cleaned and checked (forms, API and CSV import alike). */
export const NAME_MAX = 120;

/** Trims and collapses inner spaces: " Juan   Carlos " → "Juan Carlos". */
export const cleanName = (value: string): string => value.trim().replace(/\s+/g, ' ');

/** A phone without spaces, dots, dashes or brackets; null when empty; undefined when invalid. */
export function cleanPhone(raw: string | null | undefined): string | null | undefined {
  const trimmed = raw?.trim();
  if (!trimmed) return null;
  const compact = trimmed.replace(/[\s().-]/g, '');
  return /^\+?\d{6,15}$/.test(compact) ? compact : undefined;
}
