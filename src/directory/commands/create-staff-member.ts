import { AppError, type FieldErrors } from '../../core/errors';
import { isUniqueViolation } from '../../db/dialect';
import { isValidDni } from '../dni';
import { findOffice } from '../offices.repository';
import { insertStaffMember, setStaffOffice, staffIdByDni, findStaffMember, type StaffMember } from '../staff.repository';
import { cleanName, cleanPhone, NAME_MAX } from '../person-fields';
import { localYear } from '../../core/local-time';
import type { OfficeDeps } from './create-office';

export interface StaffDeps extends OfficeDeps {
  timeZone: string;
}

/** Checks names and phone; returns the cleaned values or throws 422 naming the fields. */
export function checkPersonFields(input: { firstName?: string; lastName?: string; phone?: string | null }) {
  const fields: FieldErrors = {};
  const firstName = input.firstName === undefined ? undefined : cleanName(input.firstName);
  const lastName = input.lastName === undefined ? undefined : cleanName(input.lastName);
  if (firstName !== undefined && !firstName) fields.firstName = { key: 'field.required' };
  if (firstName && firstName.length > NAME_MAX) fields.firstName = { key: 'field.maxLength', params: { limit: NAME_MAX } };
  if (lastName !== undefined && !lastName) fields.lastName = { key: 'field.required' };
  if (lastName && lastName.length > NAME_MAX) fields.lastName = { key: 'field.maxLength', params: { limit: NAME_MAX } };
  const phone = input.phone === undefined ? undefined : cleanPhone(input.phone);
  if (input.phone !== undefined && phone === undefined) fields.phone = { key: 'field.phone' };
  if (Object.keys(fields).length) throw new AppError('VALIDATION_FAILED', undefined, fields);
  return { firstName, lastName, phone };
}

/** Adds a person to the directory with an office for `year` (the current local year by default). */
export async function createStaffMember(
  deps: StaffDeps,
  input: { dni: string; firstName: string; lastName: string; phone?: string | null; officeId: number; year?: number },
): Promise<StaffMember> {
  const dni = input.dni.trim();
  if (!isValidDni(dni)) throw new AppError('VALIDATION_FAILED', undefined, { dni: { key: 'field.dni' } });
  const { firstName, lastName, phone } = checkPersonFields({ firstName: input.firstName, lastName: input.lastName, phone: input.phone ?? null });
  if (!(await findOffice(deps.db, input.officeId))) throw new AppError('OFFICE_UNKNOWN', undefined, { officeId: { key: 'field.officeUnknown' } });
  if ((await staffIdByDni(deps.db, dni)) !== null) throw new AppError('DNI_TAKEN', undefined, { dni: { key: 'field.dniTaken' } });
  const now = deps.clock();
  const year = input.year ?? localYear(now, deps.timeZone);
  let id: number;
  try {
    id = await insertStaffMember(deps.db, deps.dialect, { dni, firstName: firstName!, lastName: lastName!, phone: phone ?? null }, now);
  } catch (err) {
    if (isUniqueViolation(err)) throw new AppError('DNI_TAKEN', undefined, { dni: { key: 'field.dniTaken' } });
    throw err;
  }
  await setStaffOffice(deps.db, id, year, input.officeId);
  return (await findStaffMember(deps.db, id))!;
}
