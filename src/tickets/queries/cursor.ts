/**
 * Opaque keyset cursors: the sort key of the last row of a page, as base64url JSON. Clients pass
 * them back untouched; a cursor that does not decode is a 400 naming the `cursor` field.
 */
import { AppError } from '../../core/errors';

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 100;

export function encodeCursor(key: number[]): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

export function decodeCursor(raw: string | undefined, length: number): number[] | null {
  if (raw === undefined || raw === '') return null;
  try {
    if (!/^[A-Za-z0-9_-]{1,200}$/.test(raw)) throw new Error('shape');
    const value: unknown = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
    if (Array.isArray(value) && value.length === length && value.every((n) => Number.isSafeInteger(n))) return value as number[];
  } catch {
    // fall through to the 400 below
  }
  throw new AppError('BAD_REQUEST', undefined, { cursor: { key: 'workspace.field.cursor' } });
}

/** One more row than the page is read; its presence says there is a next page. */
export function paginate<T>(rows: T[], limit: number, keyOf: (row: T) => number[]): { items: T[]; nextCursor: string | null } {
  if (rows.length <= limit) return { items: rows, nextCursor: null };
  const items = rows.slice(0, limit);
  return { items, nextCursor: encodeCursor(keyOf(items[items.length - 1] as T)) };
}
