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

export const EMAIL_MAX = 254;

/**
 * An e-mail address in lower case; null when empty; undefined when it does not look like one
 * (one `@`, no spaces, a dotted domain). Checked by splitting, not by a pattern, so its cost is
 * linear in the input.
 */
export function cleanEmail(raw: string): string | null | undefined {
  const email = raw.trim().toLowerCase();
  if (!email) return null;
  if (email.length > EMAIL_MAX || /\s/.test(email)) return undefined;
  const parts = email.split('@');
  if (parts.length !== 2) return undefined;
  const [local, domain] = parts as [string, string];
  if (!local || domain.length < 3 || domain.startsWith('.') || domain.endsWith('.') || !domain.includes('.') || domain.includes('..')) return undefined;
  return email;
}
