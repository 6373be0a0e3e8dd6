/** The opaque `cursor` of the staff list: the keyset position, base64url-encoded JSON. */
import { AppError } from '../core/errors';
import type { StaffCursor } from './staff.repository';

export const encodeStaffCursor = (c: StaffCursor): string => Buffer.from(JSON.stringify([c.lastName, c.firstName, c.id])).toString('base64url');

export function decodeStaffCursor(raw: string | undefined): StaffCursor | null {
  if (!raw) return null;
  try {
    const [lastName, firstName, id] = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as unknown[];
    if (typeof lastName === 'string' && typeof firstName === 'string' && Number.isInteger(id)) return { lastName, firstName, id: id as number };
  } catch {
    // fall through
  }
  throw new AppError('BAD_REQUEST', undefined, { cursor: { key: 'field.invalid' } });
}
