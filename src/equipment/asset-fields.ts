/**
 * How an asset's fields are cleaned and checked — the admin API, the admin pages and the CSV
 * import alike — so a value accepted by one is accepted by all.
 */
import { cleanName } from '../directory/person-fields';

export const DESCRIPTION_MAX = 200;
export const DETAIL_MAX = 80;

/** Trimmed, inner spaces collapsed; null when empty. */
export const cleanOptional = (raw: string | null | undefined): string | null => {
  const v = raw == null ? '' : cleanName(raw);
  return v ? v : null;
};

export type AssetFieldProblem = 'required' | 'tooLong';

/** The description's problem, if any (required, at most 200 characters). */
export function descriptionProblem(description: string): AssetFieldProblem | null {
  if (!description) return 'required';
  return description.length > DESCRIPTION_MAX ? 'tooLong' : null;
}

/** Brand, model and serial: optional, at most 80 characters. */
export const detailTooLong = (value: string | null): boolean => value !== null && value.length > DETAIL_MAX;
